// Full-text search over names and aliases (aliasText is the aliases joined by " | ").
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Organization|Person|Product|FundingRound) ON EACH [n.name, n.aliasText];
