-- +goose Up
-- Languages as data (issue #11 §3): a name given in several languages is one JSON object
-- {"az": …, "en": …, "ru": …} in a column "name" (i18n.Text), not a column per language, so
-- that a fourth language is a new key in the data rather than a new column in every table.
-- The services' names are converted with the single window's own migration.
-- SQLite declares the column JSON (the drift test reads it as PostgreSQL's jsonb); its
-- NUMERIC affinity leaves a JSON object's text as written. SQLite keeps the '{}' default that
-- ADD COLUMN ... NOT NULL needs; PostgreSQL drops it, and dost always writes a name.

ALTER TABLE places ADD COLUMN name JSON NOT NULL DEFAULT '{}';
UPDATE places SET name = json_object('az', name_az, 'en', name_en, 'ru', name_ru);
ALTER TABLE places DROP COLUMN name_az;
ALTER TABLE places DROP COLUMN name_en;
ALTER TABLE places DROP COLUMN name_ru;

ALTER TABLE institutions ADD COLUMN name JSON NOT NULL DEFAULT '{}';
UPDATE institutions SET name = json_object('az', name_az, 'en', name_en, 'ru', name_ru);
ALTER TABLE institutions DROP COLUMN name_az;
ALTER TABLE institutions DROP COLUMN name_en;
ALTER TABLE institutions DROP COLUMN name_ru;

ALTER TABLE service_points ADD COLUMN name JSON NOT NULL DEFAULT '{}';
UPDATE service_points SET name = json_object('az', name_az, 'en', name_en, 'ru', name_ru);
ALTER TABLE service_points DROP COLUMN name_az;
ALTER TABLE service_points DROP COLUMN name_en;
ALTER TABLE service_points DROP COLUMN name_ru;

ALTER TABLE programs ADD COLUMN name JSON NOT NULL DEFAULT '{}';
UPDATE programs SET name = json_object('az', name_az, 'en', name_en, 'ru', name_ru);
ALTER TABLE programs DROP COLUMN name_az;
ALTER TABLE programs DROP COLUMN name_en;
ALTER TABLE programs DROP COLUMN name_ru;

ALTER TABLE calendar_days ADD COLUMN name JSON NOT NULL DEFAULT '{}';
UPDATE calendar_days SET name = json_object('az', name_az, 'en', name_en, 'ru', name_ru);
ALTER TABLE calendar_days DROP COLUMN name_az;
ALTER TABLE calendar_days DROP COLUMN name_en;
ALTER TABLE calendar_days DROP COLUMN name_ru;

-- +goose Down
ALTER TABLE places ADD COLUMN name_az TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE places ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE places SET name_az = COALESCE(name->>'az', ''), name_en = COALESCE(name->>'en', ''), name_ru = COALESCE(name->>'ru', '');
ALTER TABLE places DROP COLUMN name;

ALTER TABLE institutions ADD COLUMN name_az TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE institutions ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE institutions SET name_az = COALESCE(name->>'az', ''), name_en = COALESCE(name->>'en', ''), name_ru = COALESCE(name->>'ru', '');
ALTER TABLE institutions DROP COLUMN name;

ALTER TABLE service_points ADD COLUMN name_az TEXT NOT NULL DEFAULT '';
ALTER TABLE service_points ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE service_points ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE service_points SET name_az = COALESCE(name->>'az', ''), name_en = COALESCE(name->>'en', ''), name_ru = COALESCE(name->>'ru', '');
ALTER TABLE service_points DROP COLUMN name;

ALTER TABLE programs ADD COLUMN name_az TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE programs SET name_az = COALESCE(name->>'az', ''), name_en = COALESCE(name->>'en', ''), name_ru = COALESCE(name->>'ru', '');
ALTER TABLE programs DROP COLUMN name;

ALTER TABLE calendar_days ADD COLUMN name_az TEXT NOT NULL DEFAULT '';
ALTER TABLE calendar_days ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE calendar_days ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE calendar_days SET name_az = COALESCE(name->>'az', ''), name_en = COALESCE(name->>'en', ''), name_ru = COALESCE(name->>'ru', '');
ALTER TABLE calendar_days DROP COLUMN name;
