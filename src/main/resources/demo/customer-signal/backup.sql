--
-- PostgreSQL database dump of CustomerSignal (plain format)
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
CREATE TABLE public.organizations (id integer NOT NULL, name text NOT NULL);
CREATE TABLE public.keywords (id bigint NOT NULL, organization_id integer NOT NULL, phrase text NOT NULL);
COPY public.organizations (id, name) FROM stdin;
1	Org 1
2	Org 2
\.
COPY public.keywords (id, organization_id, phrase) FROM stdin;
1	1	brand term 1
2	2	brand term 2
\.
ALTER TABLE ONLY public.organizations ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--

