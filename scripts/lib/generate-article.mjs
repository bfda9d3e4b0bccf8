// Generates realistic article-like text of a given size for benchmarks: paragraphs of news prose with
// quotes and speakers, numbers, dates, hedges, names and places. Seeded, so runs are comparable.
export function createRandom(seed = 42) {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Tomas', 'Maria', 'Daniel', 'Ingrid', 'Samuel', 'Amara', 'Luis', 'Rebecca', 'Karen', 'Patrick', 'Yusuf', 'Mei', 'Olga', 'Rahul'];
const LAST = [
  'Lindqvist',
  'Brenner',
  'Halvorsen',
  'Okafor',
  'Mensah',
  'Ortega',
  'Nguyen',
  'Doyle',
  'Flynn',
  'Kowalczyk',
  'Haddad',
  'Tanaka',
  'Petrova',
  'Sharma',
];
const ROLES = [
  'the finance minister',
  'a spokeswoman for the ministry',
  'the agency’s chief economist',
  'the city’s mayor',
  'a senior analyst',
  'the union’s president',
];
const ORGS = [
  'the Ministry of Transport',
  'the Kessland Harbour Association',
  'the Lindgren Institute',
  'the regional statistics office',
  'the Dunmore City Council',
  'the National Bank',
];
const PLACES = ['Kessland', 'Dunmore', 'Accra', 'Edinburgh', 'the harbour district', 'the east side', 'Malawi', 'Lisbon'];
const MONTHS = ['January', 'February', 'March', 'April', 'June', 'September', 'October', 'December'];
const HEDGES = ['would reportedly', 'could', 'may', 'might', 'is likely to', 'would apparently'];
const VERBS = ['rose', 'fell', 'increased', 'dropped', 'doubled', 'was cut'];
const NOUNS = ['unemployment', 'the budget deficit', 'property tax revenue', 'ridership', 'the price of bread', 'hospital waiting times'];
const OPINION = ['The debate is far from over.', 'Residents were divided.', 'Few expected the decision.', 'The mood in the chamber was tense.'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function sentence(rand) {
  const name = `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
  const n = (Math.floor(rand() * 900) + 10).toLocaleString('en-US');
  switch (Math.floor(rand() * 8)) {
    case 0:
      return `“We will not accept ${pick(rand, NOUNS)} at ${n} percent,” said ${name}, ${pick(rand, ROLES)}.`;
    case 1:
      return `${name} said: “The figures for ${pick(rand, PLACES)} are the worst since ${1950 + Math.floor(rand() * 70)}.”`;
    case 2:
      return `In ${pick(rand, MONTHS)}, ${pick(rand, NOUNS)} ${pick(rand, VERBS)} by ${n} percent in ${pick(rand, PLACES)}, ${pick(rand, ORGS)} said.`;
    case 3:
      return `The plan ${pick(rand, HEDGES)} cost about $${n} million, more than any project in ${pick(rand, PLACES)}.`;
    case 4:
      return `${pick(rand, ORGS).replace(/^t/, 'T')} is ${pick(rand, ['reportedly', 'allegedly', 'apparently', 'believed to be'])} reviewing the request from ${pick(rand, PLACES)}.`;
    case 5:
      return `Critics say Mr. ${pick(rand, LAST)} ignored a 2019 report that appeared to predict the problem.`;
    case 6:
      return pick(rand, OPINION);
    default:
      return `Is this really the best ${pick(rand, PLACES)} can do, asked ${name}?`;
  }
}

/** Article text of at least `bytes` UTF-8 bytes: a headline, then paragraphs of 2-5 sentences. */
export function generateArticle(bytes, seed = 42) {
  const rand = createRandom(seed);
  const parts = ['Regional budget row deepens as figures are questioned\n\nBy Anna Lindqvist\n'];
  let size = Buffer.byteLength(parts[0]);
  while (size < bytes) {
    const count = 2 + Math.floor(rand() * 4);
    const sentences = [];
    for (let i = 0; i < count; i++) sentences.push(sentence(rand));
    const paragraph = '\n' + sentences.join(' ') + '\n';
    parts.push(paragraph);
    size += Buffer.byteLength(paragraph);
  }
  return parts.join('');
}
