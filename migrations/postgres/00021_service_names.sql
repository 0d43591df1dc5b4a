-- +goose Up
-- A service's name is one JSON object {"az": …, "en": …, "ru": …} (i18n.Text) in the column
-- "name", not a column per language: a fourth language is a new key in the data. The '{}'
-- default only fills the rows being converted; dost always writes a name. No list sorts
-- services by name (the catalogue is in code order), so no index on a name.
ALTER TABLE services ADD COLUMN name JSONB NOT NULL DEFAULT '{}';
UPDATE services SET name = jsonb_build_object('az', name_az, 'en', name_en, 'ru', name_ru);
ALTER TABLE services ALTER COLUMN name DROP DEFAULT;
ALTER TABLE services DROP COLUMN name_az;
ALTER TABLE services DROP COLUMN name_en;
ALTER TABLE services DROP COLUMN name_ru;

-- +goose Down
ALTER TABLE services ADD COLUMN name_az TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE services SET name_az = COALESCE(name->>'az', ''), name_en = COALESCE(name->>'en', ''), name_ru = COALESCE(name->>'ru', '');
ALTER TABLE services ALTER COLUMN name_az DROP DEFAULT;
ALTER TABLE services ALTER COLUMN name_en DROP DEFAULT;
ALTER TABLE services ALTER COLUMN name_ru DROP DEFAULT;
ALTER TABLE services DROP COLUMN name;
