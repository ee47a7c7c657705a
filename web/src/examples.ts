/** The GraphQL IDE's example tabs: real queries against schema/*.graphql (test/browser/ide.test.ts runs each). */
export interface Example {
  title: string;
  query: string;
}

export const EXAMPLES: Example[] = [
  {
    title: 'Founders',
    query: `# Mistral AI's founders and where each of them worked,
# before and at Mistral AI, every job with its dates and
# sources. Press the run button (or Ctrl-Enter).
query MistralFounders {
  organization(id: "mistral-ai") {
    name
    founders {
      name
      workedAt {
        organization { name }
        role
        since
        until
        sources { url }
      }
    }
  }
}
`,
  },
  {
    title: 'Investments',
    query: `# ASML's investments: the round, the company, ASML's part
# and stake, and whether it led the round.
query AsmlInvestments {
  organization(id: "asml") {
    name
    investments {
      round { name series announced amount { value currency } company { name } }
      amount { value currency }
      stakePercent
      lead
      sources { url }
    }
  }
}
`,
  },
  {
    title: 'Investor → customer',
    query: `# How ASML's money reaches Stellantis: investor
# -INVESTED_IN-> round <-RAISED- company, then from a seller
# to its buyer. Each hop with its dates, amount and sources.
query AsmlToStellantis {
  investorCustomerPaths(investor: "asml", customer: "stellantis", maxHops: 4) {
    length
    summary
    nodes { id name }
    edges { type from { name } to { name } amount { value currency } date since sources { url } }
  }
}
`,
  },
  {
    title: 'As of a date',
    query: `# The graph as of a date: Mistral AI's investors and
# customers at the end of 2024 (before ASML's Series C),
# and its investors today.
query MistralOverTime {
  organization(id: "mistral-ai") {
    name
    end2024: investors(asOf: "2024-12-31") { name }
    today: investors { name }
    customersEnd2024: customers(asOf: "2024-12-31") { name }
    totalRaisedEnd2024: totalRaised(asOf: "2024-12-31") { value currency }
  }
}
`,
  },
  {
    title: 'Neighbourhood',
    query: `# Everything within one relationship of Mistral AI: nodes
# and edges, as a graph view or networkx reads them (the
# explorer at / draws this).
query MistralNeighbourhood {
  neighborhood(id: "mistral-ai", depth: 1, limit: 100) {
    truncated
    nodes { id name __typename }
    edges { source target type since date }
  }
}
`,
  },
];
