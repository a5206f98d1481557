/** The README's example queries, one GraphiQL tab each (GraphiQL keeps edited tabs in localStorage). */
export interface ExampleTab {
  query: string;
  variables?: string;
}

export const EXAMPLE_TABS: ExampleTab[] = [
  {
    query: `# "DPRK" finds North Korea: fulltext search over names, aliases and descriptions.
query SearchDPRK {
  search(text: "DPRK", first: 3) {
    score
    entity { id name kind }
  }
}
`,
  },
  {
    query: `# Who led the United States on 2024-11-16, and on 2025-02-01?
query LeadersOfTheUnitedStates {
  country(id: "united-states") {
    name
    on20241116: leaders(at: "2024-11-16") { name }
    on20250201: leaders(at: "2025-02-01") { name }
  }
}
`,
  },
  {
    query: `# The shortest chain from North Korea to Ukraine, each hop with its evidence.
query NorthKoreaToUkraine {
  shortestPath(from: "north-korea", to: "ukraine") {
    length
    nodes { id name kind }
    relationships {
      type
      from { name }
      to { name }
      evidence { quote source { title url } }
    }
  }
}
`,
  },
  {
    query: `# The events of Biden and Xi, in date order.
query BidenXiTimeline {
  timeline(entityIds: ["joe-biden", "xi-jinping"], from: "2022-01-01", to: "2025-12-31") {
    totalCount
    edges { node { name ... on Event { eventType startDate } } }
  }
}
`,
  },
  {
    query: `# How many troops did North Korea deploy, and where?
query NorthKoreaDeployments {
  entity(id: "north-korea") {
    name
    ... on Country { isoCode }
    relationships(types: [DEPLOYED_TO]) {
      totalCount
      edges { node { type to { name } role quantity evidence { quote source { title publisher } } } }
    }
  }
}
`,
  },
];
