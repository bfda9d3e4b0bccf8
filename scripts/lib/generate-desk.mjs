// Generates a desk of news articles (about 5 KB each) that share people, for the workspace-index
// benchmark. Seeded. Every person mention is labelled by construction: each article records which
// people it names and how it first names them (full name, title + full name, surname only, title +
// surname); a few surnames are shared by two people, who never appear in the same article.
import fs from 'node:fs';
import path from 'node:path';
import { createRandom } from './generate-article.mjs';

const FIRST = [
  'Anna',
  'Maria',
  'Daniel',
  'Ingrid',
  'Samuel',
  'Luis',
  'Rebecca',
  'Karen',
  'Patrick',
  'Olga',
  'Rahul',
  'David',
  'Sarah',
  'Peter',
  'Laura',
  'James',
  'Elena',
  'Michael',
  'Sofia',
  'Thomas',
  'Julia',
  'Robert',
  'Helen',
  'George',
  'Nina',
  'Paul',
  'Grace',
  'Martin',
  'Clara',
  'Victor',
];
const LAST = [
  'Lindqvist',
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
  'Brennan',
  'Castellano',
  'Dufresne',
  'Eriksen',
  'Fontaine',
  'Gallagher',
  'Hoffmann',
  'Ibarra',
  'Jansen',
  'Kovacs',
  'Lambert',
  'Moreau',
  'Novak',
  'Oyelaran',
  'Pereira',
  'Quintero',
  'Rasmussen',
  'Santoro',
  'Takahashi',
  'Urquhart',
  'Vasquez',
  'Whitfield',
  'Yamamoto',
  'Zielinski',
  'Abernathy',
  'Bjornstad',
  'Carrington',
  'Delacroix',
  'Esposito',
  'Fairbanks',
  'Grimaldi',
  'Hargreaves',
  'Iwasaki',
  'Jovanovic',
  'Kilpatrick',
  'Lindholm',
  'Marchetti',
  'Nakamura',
  'Ostrowski',
  'Pemberton',
  'Radcliffe',
  'Sandoval',
  'Thornbury',
  'Underwood',
  'Valentini',
  'Wexford',
  'Achterberg',
];
const TITLES = ['Dr.', 'Minister', 'Senator', 'Professor', 'Mayor'];
const ROLES = [
  'the finance minister',
  'a spokeswoman for the ministry',
  'the agency’s chief economist',
  'the city’s mayor',
  'a senior analyst at the institute',
  'the union’s president',
  'the hospital’s director',
  'an opposition lawmaker',
];
const PLACES = ['Kessland', 'Dunmore', 'Accra', 'Edinburgh', 'Lisbon', 'Malawi', 'Northgate', 'Rotterdam'];
const TOPICS = ['budget', 'tram line', 'hospital funding', 'port expansion', 'school reform', 'water prices', 'housing plan', 'energy subsidies'];
const NOUNS = ['unemployment', 'the budget deficit', 'property tax revenue', 'ridership', 'the price of bread', 'hospital waiting times', 'rents', 'exports'];
const VERBS = ['rose', 'fell', 'increased', 'dropped', 'doubled', 'was cut'];
const QUOTES = [
  'We will publish every figure so that anyone can check them',
  'This plan has not been thought through',
  'The money will reach every hospital before the summer',
  'Nobody asked the people who live there',
  'We expect the numbers to improve next year',
  'The decision was taken without a vote',
];
const SAID = ['said', 'told reporters', 'said on Tuesday', 'added'];

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** The people of the desk: unique surnames, plus `shared` pairs who share a surname. */
export function makePeople(count, shared, rand) {
  const people = [];
  const firsts = [...FIRST];
  for (let i = 0; i < count - shared; i++) people.push({ id: `p${i}`, first: firsts[i % firsts.length], last: LAST[i % LAST.length] });
  for (let i = 0; i < shared; i++) {
    // The i-th person gets a namesake with another first name.
    const other = people[i];
    people.push({
      id: `p${count - shared + i}`,
      first: firsts[(i + 7) % firsts.length] === other.first ? firsts[(i + 8) % firsts.length] : firsts[(i + 7) % firsts.length],
      last: other.last,
    });
  }
  void rand;
  return people;
}

function filler(rand) {
  const n = 1 + Math.floor(rand() * 90);
  const forms = [
    () =>
      `In ${pick(rand, PLACES)}, ${pick(rand, NOUNS)} ${pick(rand, VERBS)} by ${n} percent in ${2015 + Math.floor(rand() * 10)}, according to figures published this week.`,
    () => `The council has debated the ${pick(rand, TOPICS)} for ${1 + Math.floor(rand() * 9)} months without reaching a decision.`,
    () => `Residents of ${pick(rand, PLACES)} said they had heard little about the proposal until last month.`,
    () => `The cost of the programme is estimated at ${n * 3} million euros over ${1 + Math.floor(rand() * 5)} years.`,
    () => `Critics point out that ${pick(rand, NOUNS)} has ${pick(rand, VERBS)} twice since the last election.`,
  ];
  return pick(rand, forms)();
}

/**
 * One article naming `featured` people; `forms[i]` is how person i is first named. Returns the text
 * and its labels.
 */
function article(index, featured, forms, reporter, rand) {
  const month = String(1 + (index % 12)).padStart(2, '0');
  const day = String(1 + (index % 28)).padStart(2, '0');
  const topic = pick(rand, TOPICS);
  const parts = [
    `date: 2026-${month}-${day}`,
    'source: generated for the FactDesk workspace-index benchmark',
    '',
    `Desk report ${index}: new dispute over the ${topic}`,
    '',
    `By ${reporter.first} ${reporter.last}`,
    '',
  ];
  featured.forEach((person, i) => {
    const form = forms[i];
    const title = pick(rand, TITLES);
    const first =
      form === 'full'
        ? `${person.first} ${person.last}, ${pick(rand, ROLES)},`
        : form === 'title-full'
          ? `${title} ${person.first} ${person.last}`
          : form === 'title-surname'
            ? `${title} ${person.last}`
            : person.last;
    parts.push(`${first} ${pick(rand, SAID)} that the ${topic} would change how ${pick(rand, PLACES)} works. ${filler(rand)} ${filler(rand)}`, '');
    parts.push(`“${pick(rand, QUOTES)},” ${person.last} ${pick(rand, SAID)}. ${filler(rand)}`, '');
    parts.push(`${filler(rand)} ${filler(rand)} ${filler(rand)}`, '');
  });
  let text = parts.join('\n');
  while (text.length < 4800) text += `${filler(rand)} ${filler(rand)} ${filler(rand)}\n\n`;
  return text;
}

/**
 * Writes `count` articles under `dir` and returns the labels: per file, the people it names with
 * the form of their first mention. Reporters are people too (always full name, in the byline).
 */
export function generateDesk(dir, count, seed = 11) {
  const rand = createRandom(seed);
  const people = makePeople(56, 4, rand);
  const reporters = people.slice(0, 8);
  const sources = people.slice(8);
  const labels = [];
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const reporter = pick(rand, reporters);
    const featured = [];
    const surnames = new Set([reporter.last]);
    const k = 3 + Math.floor(rand() * 2);
    while (featured.length < k) {
      const p = pick(rand, sources);
      if (surnames.has(p.last)) continue;
      surnames.add(p.last);
      featured.push(p);
    }
    const forms = featured.map(() => {
      const r = rand();
      return r < 0.55 ? 'full' : r < 0.75 ? 'title-full' : r < 0.9 ? 'surname' : 'title-surname';
    });
    const file = `desk-${String(i).padStart(4, '0')}.txt`;
    fs.writeFileSync(path.join(dir, file), article(i, featured, forms, reporter, rand));
    labels.push({ file, people: [{ person: reporter, form: 'full' }, ...featured.map((p, j) => ({ person: p, form: forms[j] }))] });
  }
  return { people, labels };
}
