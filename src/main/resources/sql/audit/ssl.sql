SELECT 'ssl = ' || setting AS offender FROM pg_settings WHERE name = 'ssl' AND setting <> 'on'
