--
-- PostgreSQL database dump of the agentic ecosystem (manual 003) (plain format, gzipped by its nightly job)
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
CREATE TABLE public.user_consents (id bigint NOT NULL, user_id uuid NOT NULL, purpose text NOT NULL, granted boolean NOT NULL);
CREATE TABLE public.gdpr_audit_log (id bigint NOT NULL, action text NOT NULL, recorded_at timestamp with time zone NOT NULL);
COPY public.user_consents (id, user_id, purpose, granted) FROM stdin;
1	0d7c3f8e-5b1a-4f7e-9c2d-1a2b3c4d5e6f	analytics	t
2	6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d	marketing	f
\.
COPY public.gdpr_audit_log (id, action, recorded_at) FROM stdin;
1	consent_recorded	2026-11-30 02:00:00+00
\.
ALTER TABLE ONLY public.user_consents ADD CONSTRAINT user_consents_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--

