-- SPEC ORG-3: a supervisor sees the inbox of the campaigns it supervises, an explicit list
-- (a campaign created later joins only when an administrator adds it).
CREATE TABLE supervised_campaigns (
    organization_id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    campaign_id BLOB NOT NULL,
    PRIMARY KEY (organization_id, user_id, campaign_id),
    FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id),
    FOREIGN KEY (organization_id, campaign_id) REFERENCES campaigns (organization_id, id)
);
CREATE INDEX supervised_campaigns_campaign ON supervised_campaigns (organization_id, campaign_id);

-- Who supervised before this list existed saw every campaign: they keep every campaign
-- that exists now.
INSERT INTO supervised_campaigns (organization_id, user_id, campaign_id)
SELECT u.organization_id, u.id, c.id
FROM users u
JOIN profiles p ON p.organization_id = u.organization_id AND p.id = u.profile_id
JOIN campaigns c ON c.organization_id = u.organization_id
WHERE p.builtin = 'supervisor';
