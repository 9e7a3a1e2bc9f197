/*
 * The token pass of the paraphrase echo: contractions out, pronouns swapped, natural
 * contractions back in. Tables are built on first use so importing costs nothing.
 */

let expansions: Map<string, string> | undefined;

function expansionTable(): Map<string, string> {
  // "word=expansion" pairs; apostrophe-less spellings are listed because customers type
  // fast ("cant login", "im locked out").
  return (expansions ??= new Map(
    (
      "i'm=i am|im=i am|i've=i have|ive=i have|i'd=i would|i'll=i will|can't=can not|cant=can not|" +
      "cannot=can not|won't=will not|wont=will not|shan't=shall not|y'all=you all|yall=you all|ur=your|u=you|r=are|" +
      "let's=let us|gonna=going to|wanna=want to|gotta=have to|dunno=do not know|idk=i do not know|" +
      'youre=you are|youve=you have|theyre=they are|thats=that is|theres=there is|whats=what is|weve=we have'
    )
      .split('|')
      .map((pair) => pair.split('=') as [string, string]),
  ));
}

const SUFFIX: Readonly<Record<string, string>> = { re: 'are', ve: 'have', ll: 'will', d: 'would' };
// Only words that can be contractions: one with an apostrophe, a listed chat spelling, or
// an "…nt" ending. Everything else is skipped by the regex, not by a per-word callback.
let candidates: RegExp | undefined;

/**
 * Expands contractions and chat spellings: curly apostrophes, `I'm`, `can't`, `hasn't`,
 * `it's`, `you're`, `y'all`, `ur`, `u`, and the apostrophe-less `im`, `cant`, `dont`….
 * The first letter keeps its case (`Can't` → `Can not`).
 */
export function expandContractions(text: string): string {
  const table = expansionTable();
  candidates ??= new RegExp(`(?<![a-z])(?:[a-z]+(?:'[a-z]+)+|(?:${[...table.keys()].filter((k) => !k.includes("'")).join('|')}|[a-z]*nt)(?![a-z]))`, 'gi');
  return text
    .replace(/[’‘`´]/g, "'")
    .replace(candidates, (word) => {
      const lower = word.toLowerCase();
      let out = table.get(lower);
      if (!out) {
        // Only words with an apostrophe or an "nt" ending can be contractions; this
        // check keeps the per-word cost to a Map lookup for everything else.
        const quote = lower.indexOf("'");
        const stem = lower.slice(0, quote);
        const tail = lower.slice(quote + 1);
        if (quote > 0) {
          out =
            tail === 't' && stem.endsWith('n')
              ? `${stem.slice(0, -1)} not`
              : tail === 's'
                ? /^(it|that|there|here|what|who|where|he|she|how)$/.test(stem)
                  ? `${stem} is`
                  : undefined
                : SUFFIX[tail] && `${stem} ${SUFFIX[tail]}`;
        } else if (/^(do|does|did|is|was|were|are|has|have|had|could|should|would|must|need)nt$/.test(lower)) {
          out = `${lower.slice(0, -2)} not`;
        }
      }
      if (!out) return word;
      return lower.startsWith(word.charAt(0)) ? out : out.charAt(0).toUpperCase() + out.slice(1);
    })
    .replace(/\b(it|that|there|he|she|who|what) is (been|got|gotten)\b/gi, '$1 has $2');
}

/** Re-contracts the output the way people speak: negations and pronoun + be/would. */
export function contract(text: string): string {
  return text
    .replace(/\b(you|we|they) are\b/g, "$1're")
    .replace(/\b(it|that) is\b/g, "$1's")
    .replace(/\b(you|we) have (?=been|had|got|lost|sent|spent|paid|made|told|\w+ed\b|\w+en\b)/g, "$1've ")
    .replace(/\byou would\b/g, "you'd")
    .replace(/\bcan not\b/g, "can't")
    .replace(/\bwill not\b/g, "won't")
    .replace(/\b(do|does|did|is|are|was|were|has|have|had|could|should|would|must|need) not\b/g, "$1n't");
}

let sets: Record<'conj' | 'verbish' | 'crowd', Set<string>> | undefined;

function wordSets() {
  const set = (words: string) => new Set(words.split(' '));
  return (sets ??= {
    // Words after which "you" starts a clause, so it is a subject: "because you charged me".
    conj: set(
      'and but or because so that when if since after before although though until unless while as then why how where what who which cause cuz now also even once',
    ),
    // Words that follow a subject "you": auxiliaries, adverbs, frequent past tenses.
    verbish: set(
      'are were have had do did does will would can could should must might may never always just still keep kept already clearly obviously really also even sent lost took made gave said told sold put cut got shut broke charged',
    ),
    crowd: set('guys all people lot folks'),
  });
}

const isWord = (token: string) => /^[\w\u00c0-\uffff]/.test(token);

/**
 * Swaps the point of view of a token list in one pass (so "you" → "we" never meets
 * "we" → "you" again):
 * - the customer's I/me/my/mine/myself → you/you/your/yours/yourself, with `I am`/`I was`
 *   → `you are`/`you were` and `am I`/`was I` → `are you`/`were you`;
 * - their you (the company) → we (subject) or us (object); you guys / you all → we|us;
 *   your/yours/yourself → our/ours/ourselves;
 * - their we/us/our (their family or team) → you/you/your.
 * `are` is never turned into `am`.
 */
export function reflectTokens(tokens: readonly string[]): string[] {
  const { conj, verbish, crowd } = wordSets();
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const lower = token.toLowerCase();
    const next = tokens[i + 1]?.toLowerCase() ?? '';
    switch (lower) {
      case 'i':
        out.push('you');
        if (next === 'am' || next === 'was') {
          out.push(next === 'am' ? 'are' : 'were');
          i++;
        }
        break;
      case 'am':
      case 'was':
        out.push(next === 'i' ? (lower === 'am' ? 'are' : 'were') : token);
        break;
      case 'me':
      case 'myself':
      case 'mine':
      case 'my':
        out.push({ me: 'you', myself: 'yourself', mine: 'yours', my: 'your' }[lower]);
        break;
      case 'you': {
        const prev = tokens[i - 1]?.toLowerCase();
        if (crowd.has(next)) i++;
        const after = tokens[i + 1]?.toLowerCase() ?? '';
        const subject = verbish.has(after) || /^\w+ed$/.test(after) || prev == null || !isWord(prev) || conj.has(prev);
        out.push(subject ? 'we' : 'us');
        break;
      }
      case 'your':
        out.push('our');
        break;
      case 'yours':
        out.push('ours');
        break;
      case 'yourself':
      case 'yourselves':
        out.push('ourselves');
        break;
      case 'we':
        out.push('you');
        break;
      case 'us': {
        // "US" in mixed-case text is the country; so is "the us" once shouting was lowered.
        const before = [...out].reverse().find(isWord)?.toLowerCase();
        out.push(token === 'US' || before === 'the' ? 'US' : 'you');
        break;
      }
      case 'our':
        out.push('your');
        break;
      case 'ours':
        out.push('yours');
        break;
      case 'ourselves':
        out.push('yourselves');
        break;
      default:
        out.push(token);
    }
  }
  return out;
}

/** Splits text into word, number and punctuation tokens (`#1234`, `$10.50`, `e-mail` stay whole). */
export function tokenize(text: string): string[] {
  // Plain-ASCII text (most chat) takes the same pattern without Unicode properties, which
  // is several times faster; on ASCII both match exactly the same tokens.
  return (
    (/[^\0-\x7f]/.test(text)
      ? text.match(/[#$£€]?\d[\d,.:/]*\w*%?|[\p{L}\p{N}][\p{L}\p{N}'_-]*|\S/gu)
      : text.match(/[#$]?\d[\d,.:/]*\w*%?|[a-z\d][\w'-]*|\S/gi)) ?? []
  );
}

/** Joins tokens back with spaces, attaching punctuation to the word before it. */
export function detokenize(tokens: readonly string[]): string {
  return tokens
    .join(' ')
    .replace(/ ([,.!?;:%)])/g, '$1')
    .replace(/([($]) /g, '$1');
}

/**
 * The pronoun pass alone: expands contractions, reflects the point of view, and
 * re-contracts naturally.
 * @example reflectPronouns("I'm sure you charged me twice") // "you're sure we charged you twice"
 */
export function reflectPronouns(text: string): string {
  return contract(detokenize(reflectTokens(tokenize(expandContractions(text)))));
}
