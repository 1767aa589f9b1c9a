-- caretaker init: the database it is connected to and the server's version, for the config's header.
SELECT current_database() AS database,
       current_setting('server_version') AS server_version;
