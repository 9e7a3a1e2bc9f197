/*
 * Topic reflection: when no clause of a message passes the sendability gate, say what
 * was understood from a small lexicon of support topics and problem states ("you were
 * charged twice", "your bag arrived wet"). Product teams extend it per flow
 * (`ParaphraseOptions.topics`, `Flow.topics`). Tables are built on first use.
 */

/** One support topic or problem state. */
export interface SupportTopic {
  /** Stable id, e.g. `charged-twice`; shows up in analytics. */
  id: string;
  /** Tested on the lower-cased message with contractions expanded ("can not", "has not"). */
  match: RegExp;
  /**
   * The reflection in the agent's voice. `{thing}` becomes "your order", "your bag"… (the
   * first thing the customer named, else `fallbackThing`) and `{has}` agrees with it.
   */
  reflection: string;
  /** Names the topic in a plain acknowledgment: "the double charge". */
  name: string;
  /** The area a flow routes on: `delivery`, `billing`, `login`, `travel`, `telecom`, `app`, `account`, `service`. */
  area: string;
  /** What `{thing}` says when the customer named nothing. Default "your order". */
  fallbackThing?: string;
}

/** A topic found in a message, ready to say. */
export interface TopicMatch {
  id: string;
  area: string;
  reflection: string;
  name: string;
}

const NOT = "(?:not|never|n't|no longer|still not|yet to)";

function builtIn(): SupportTopic[] {
  const t = (id: string, area: string, match: string, reflection: string, name: string, fallbackThing?: string): SupportTopic => ({
    id,
    area,
    match: new RegExp(match),
    reflection,
    name,
    ...(fallbackThing !== undefined && { fallbackThing }),
  });
  return [
    t(
      'charged-twice',
      'billing',
      '(?:charged|billed|debited|taken|paid|payment went out)\\b.{0,30}\\b(?:twice|two times|double|2x|two payments)|double[- ]?(?:charged|billed|charge|payment)|(?:twice|two payments?) (?:came out|went out)',
      'you were charged twice',
      'the double charge',
    ),
    t(
      'refund-missing',
      'billing',
      `(?:refund|money back)\\b.{0,40}\\b(?:${NOT}|still|waiting|where)|${NOT}.{0,25}\\b(?:refund|money back)`,
      "your refund hasn't come through",
      'your refund',
    ),
    t(
      'unexpected-fee',
      'billing',
      '\\b(?:fee|surcharge|penalty)\\b|overcharg|charged (?:me )?too much|bill is (?:higher|wrong|too high)|higher than (?:usual|expected|it should)',
      'you were charged more than you expected',
      'the charge on your bill',
    ),
    t(
      'card-declined',
      'billing',
      '\\b(?:card|payment) (?:was |got |keeps getting |is being )?(?:declined|rejected|refused|failed)',
      'your payment was declined',
      'the declined payment',
    ),
    t(
      'unrecognised-activity',
      'account',
      "hack|unauthori[sz]ed|fraud|did not make|didn't make|don't recogni|do not recogni|someone (?:else )?(?:used|logged|got into|accessed)",
      "there's activity on your account you don't recognise",
      'the activity on your account',
    ),
    t(
      'login',
      'login',
      `(?:can not|cannot|unable to|${NOT}|won't let me|will not let me)\\b.{0,12}\\b(?:log ?in|sign ?in|access (?:my|the|our) account|get into)|locked out|login (?:is |keeps )?(?:not working|failing|broken)|password (?:does not|is not|will not|won't|doesn't) work`,
      "you can't get into your account",
      'signing in',
    ),
    t('password', 'login', 'password|reset link|verification code|2fa|two[- ]factor', "you're having trouble with your password", 'your password'),
    t('wet', 'delivery', '\\b(?:soaking|soaked|sodden|wet|water[- ]damaged?|rain[- ]?soaked)\\b', '{thing} arrived wet', 'the water damage', 'your delivery'),
    t(
      'damaged',
      'delivery',
      '\\b(?:arrived|came|come|was|were|is|are|got|showed up)\\b.{0,25}\\b(?:damaged|broken|smashed|crushed|cracked|dented|torn|ripped|shattered|scratched|in pieces|destroyed)|\\b(?:damaged|broken|smashed|crushed|cracked|dented|shattered) (?:box|package|parcel|item|screen|bag|suitcase)',
      '{thing} arrived damaged',
      'the damage',
      'your delivery',
    ),
    t(
      'wrong-item',
      'delivery',
      "wrong (?:item|size|order|product|colou?r|model|book|thing|parcel|package)|(?:not|n't) what (?:i|we) ordered|sent (?:me )?the wrong",
      'you received the wrong item',
      'the wrong item',
    ),
    t(
      'missing-item',
      'delivery',
      'missing (?:item|part|piece|parts|pieces|items)|(?:item|part|piece)s? (?:is|are|was|were) missing|only (?:got|received) (?:half|one|part)',
      'part of your order is missing',
      'the missing item',
    ),
    t(
      'lost-luggage',
      'travel',
      '(?:lost|missing|lose|misplaced|never (?:got|arrived))\\b.{0,20}\\b(?:bag|bags|luggage|suitcase)|(?:bag|bags|luggage|suitcase)\\b.{0,20}\\b(?:lost|missing|did not arrive|never arrived|has not arrived)',
      'your luggage is missing',
      'your luggage',
    ),
    t(
      'not-arrived',
      'delivery',
      `${NOT}.{0,20}\\b(?:arriv|receiv|deliver|turned up|shown up|showed up|come|came)|where (?:is|are) (?:my|our) (?:order|package|parcel|delivery|stuff)|(?:order|package|parcel|delivery)\\b.{0,30}\\b(?:late|delayed|lost|missing|stuck|overdue)`,
      "{thing} {has}n't arrived",
      'your delivery',
      'your order',
    ),
    t(
      'flight-cancelled',
      'travel',
      '(?:flight|train|trip|booking|reservation|ferry|bus)\\b.{0,25}\\b(?:cancel|scrapped|called off)',
      '{thing} was cancelled',
      'the cancellation',
      'your booking',
    ),
    t(
      'flight-delayed',
      'travel',
      '(?:flight|train|trip|ferry|bus|plane)\\b.{0,25}\\b(?:delay|late|stuck on the tarmac)|missed (?:my|our|the) connection',
      '{thing} was delayed',
      'the delay',
      'your trip',
    ),
    t(
      'no-service',
      'telecom',
      `(?:no|${NOT}|without) (?:internet|wifi|wi-fi|signal|service|connection|broadband|power|tv|reception)|(?:internet|wifi|wi-fi|broadband|connection|signal|service|line)\\b.{0,20}\\b(?:down|out|dropping|drops|keeps dropping|cuts out|is dead|not working)`,
      "your service isn't working",
      'your connection',
    ),
    t(
      'phone-lines',
      'service',
      "(?:phone lines?|call cent(?:er|re)|hotline|helpline|customer service line|on the phone)|(?:can not|cannot|could not|couldn't) get through",
      "you couldn't get through to us by phone",
      'getting through to us',
    ),
    t(
      'waiting',
      'service',
      '(?:waiting|waited|been on hold|on hold|kept waiting|hold for|no (?:one|body) (?:has )?(?:answer|repl|respond|got back)|nobody (?:has )?(?:answer|repl|respond|got back)|no (?:answer|reply|response))',
      "you've been kept waiting",
      'the wait',
    ),
    t(
      'rude-staff',
      'service',
      '\\b(?:rude|unhelpful|dismissive|condescending|hung up on|yelled at|laughed at|was ignored|ignored me|ignoring me)\\b',
      "you weren't treated the way you should have been",
      'how you were treated',
    ),
    t(
      'app-failing',
      'app',
      "crash|freez|froze|(?:will not|won't|does not|doesn't|not) (?:load|open|start|sync|update)|keeps? (?:closing|logging me out|restarting)|blank screen|error (?:message|code)|\\bbug\\b|glitch",
      'the app keeps failing on you',
      'the app',
      '',
    ),
    t('not-working', 'app', `${NOT}.{0,6}\\bwork(?:ing)?\\b|is broken|stopped working|is useless`, "something isn't working as it should", 'the problem', ''),
    t(
      'cancel-request',
      'account',
      '\\bcancel (?:my|our|the) (?:subscription|account|plan|membership|order|contract)',
      'you want to cancel',
      'your cancellation',
    ),
    t(
      'address-change',
      'delivery',
      '(?:change|update|correct|fix) (?:my|the|our) (?:delivery |shipping |billing )?address|wrong address',
      'you need the address changed',
      'your address',
    ),
    t(
      'phone-number',
      'service',
      '(?:direct|phone|contact|real) (?:number|line)|number (?:to|i can) call',
      'you need a phone number to reach us',
      'a way to reach us',
    ),
  ];
}

let topics: SupportTopic[] | undefined;

/** The built-in support topics (a copy: extend it, don't mutate it). */
export function supportTopics(): SupportTopic[] {
  return [...(topics ??= builtIn())];
}

const THING =
  /\b(order|package|parcel|delivery|bag|bags|luggage|suitcase|box|item|clothes|laptop|phone|tv|sofa|shoes|flight|train|booking|reservation|trip|ticket|tickets|groceries|food|table|chair|bike|fridge|washing machine)\b/;
const PLURAL = new Set(['bags', 'clothes', 'shoes', 'groceries', 'tickets']);

/**
 * The topics a message is about, in the order the lexicon lists them, at most one per
 * area. `extra` topics are tried first (a flow's own). Expects lower-cased text with
 * contractions expanded.
 * @example topicsOf('all the clothes are soaking wet')[0]?.reflection // 'your clothes arrived wet'
 */
export function topicsOf(lower: string, extra: readonly SupportTopic[] = []): TopicMatch[] {
  const found: TopicMatch[] = [];
  const areas = new Set<string>();
  for (const topic of [...extra, ...(topics ??= builtIn())]) {
    if (areas.has(topic.area) || !topic.match.test(lower)) continue;
    areas.add(topic.area);
    const named = THING.exec(lower)?.[1];
    const thing = named ? `your ${named}` : (topic.fallbackThing ?? 'your order');
    const plural = named ? PLURAL.has(named) : false;
    const reflection = topic.reflection.replace('{thing}', thing).replace('{has}', plural ? 'have' : 'has');
    found.push({ id: topic.id, area: topic.area, reflection, name: topic.name });
  }
  return found;
}
