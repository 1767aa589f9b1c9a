--
-- PostgreSQL database dump of CustomerSignal (plain format); the disk filled up while it was written
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
CREATE TABLE public.organizations (id integer NOT NULL, name text NOT NULL);
CREATE TABLE public.keywords (id bigint NOT NULL, organization_id integer NOT NULL, phrase te
