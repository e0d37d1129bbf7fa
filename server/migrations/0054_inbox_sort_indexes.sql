-- Inbox pages sorted by case number or by last change, within one org unit or one service (issue 20).
-- At 1,000,000 cases in a tenant these took 1–30 s: case numbers start with the service's prefix, so a
-- unit's or a service's cases sit together in case-number order, and a walk along the tenant's
-- case-number index (cases_by_number_sort) passes most of the tenant before it reaches them; the
-- alternative, the unit's index by received date, sorts 200,000 rows. Scoped caseworkers (half of a
-- town hall) always filter by their unit. Two more, by last change (updated_at) within a unit or a
-- service, were measured too and left out: they helped less and each index costs every intake
-- (docs/performance.md, "Desk under load"). Operators of a big installation may build these
-- beforehand with CREATE INDEX CONCURRENTLY under the same names.
CREATE INDEX IF NOT EXISTS cases_unit_by_number ON cases (tenant_id, org_unit_id, case_number_sort DESC, id DESC);
CREATE INDEX IF NOT EXISTS cases_service_by_number ON cases (tenant_id, service_id, case_number_sort DESC, id DESC);
