-- +goose Up
-- Institutions' short names (#12 item 15): a code such as SSPF stays the identifier, and a
-- person reads the institution's short name in their language (DSMF in Azerbaijani, ГФСЗ in
-- Russian), given like its name as one JSON object {"az": …, "en": …, "ru": …}. An
-- institution without a settled abbreviation has its name as its short name; '{}' (none
-- given) shows the name. The demo ministry's institutions get theirs here, so that an
-- installation created before this migration shows them too.
ALTER TABLE institutions ADD COLUMN short_name JSON NOT NULL DEFAULT '{}';
UPDATE institutions SET short_name = '{"az": "ƏƏSMN", "en": "MLSPP", "ru": "МТСЗН"}' WHERE code = 'MLSPP';
UPDATE institutions SET short_name = '{"az": "DSMF", "en": "SSPF", "ru": "ГФСЗ"}' WHERE code = 'SSPF';
UPDATE institutions SET short_name = '{"az": "DOST", "en": "DOST", "ru": "DOST"}' WHERE code = 'DOST';
UPDATE institutions SET short_name = '{"az": "DMA", "en": "SEA", "ru": "ГАЗ"}' WHERE code = 'SEA';
UPDATE institutions SET short_name = '{"az": "SXA", "en": "SSA", "ru": "АСУ"}' WHERE code = 'SSA';
UPDATE institutions SET short_name = '{"az": "DƏMX", "en": "SLI", "ru": "Государственная служба инспекции труда"}' WHERE code = 'SLI';
UPDATE institutions SET short_name = '{"az": "Tibbi-Sosial Ekspertiza və Reabilitasiya Agentliyi", "en": "Medical-Social Expertise and Rehabilitation Agency", "ru": "Агентство медико-социальной экспертизы и реабилитации"}' WHERE code = 'MSE';

-- +goose Down
ALTER TABLE institutions DROP COLUMN short_name;
