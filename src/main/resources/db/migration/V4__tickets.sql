-- The ticket filed for an incident (Zoho Desk ticket id, GitHub issue number, Jira key, webhook reference).
ALTER TABLE incident ADD COLUMN ticket_ref text;
