--
-- PostgreSQL database dump of the retail app (plain format)
--
SET statement_timeout = 0;
SET client_encoding = 'UTF8';
CREATE TABLE public.retailers (id integer NOT NULL, slug text NOT NULL, name text NOT NULL, status text NOT NULL);
CREATE TABLE public.orders (id bigint NOT NULL, retailer_id integer NOT NULL, external_id text NOT NULL, state text NOT NULL);
COPY public.retailers (id, slug, name, status) FROM stdin;
1	nationwide-plants	Nationwide Plants	Fully Operational
2	botanical-interests	Botanical Interests	Inventory Sync Pending
3	epic-gardening	Epic Gardening	Inventory Sync Pending
4	test-retail-store	Test Retail Store	Inventory Sync Planned
\.
COPY public.orders (id, retailer_id, external_id, state) FROM stdin;
1	1	#100001	fulfilled
2	2	#100002	fulfilled
3	3	#100003	paid
\.
ALTER TABLE ONLY public.retailers ADD CONSTRAINT retailers_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--

