/**
 * The English catalog: the source of truth for every built-in phrase and for the
 * `MessageKey` type. A value is a string, a list of variants (so the same line is never
 * said twice in one conversation) or plural forms chosen with `Intl.PluralRules`.
 * Acknowledgments (`ack.*`) never apologise: the one apology lives in `apology`, so the
 * policy can count it.
 */
export const en = {
  'echo.frame': [
    'It sounds like {reflection}{emotion} — did I get that right?',
    'So {reflection}{emotion}. Is that right?',
    "If I've understood, {reflection}{emotion} — is that it?",
    'Let me make sure I have this: {reflection}{emotion}. Right?',
    'Just to check: {reflection}{emotion}. Have I got that right?',
  ],
  // Inserted at {emotion} in a frame only when a feeling was named; empty otherwise.
  'echo.emotionClause': ", and that's {emotion}",
  'echo.emotion.frustrating': 'really frustrating',
  'echo.emotion.worrying': 'worrying',
  'echo.emotion.confusing': 'confusing',
  'echo.emotion.upsetting': 'upsetting',
  'echo.neutralFrame': 'Let me check I understood: «{quote}» — is that right?',
  'echo.confirm': "Yes, that's right",
  'echo.correct': 'Not quite',
  'echo.correctionPrompt': 'What did I miss?',
  'echo.correctionPlaceholder': 'Tell me in your own words…',
  'echo.confirmed': ['Thanks for confirming.', 'Got it.', 'Understood.'],

  'ack.frustration.strong': [
    'I can hear how frustrating this has been.',
    "That's a lot to deal with, and it shouldn't be this hard.",
    "I understand why you're fed up.",
  ],
  'ack.frustration.mild': ["I get why that's annoying.", "That's not how it should go.", "I understand, that's irritating."],
  'ack.anxiety.strong': [
    "I can tell this is stressful. We'll take it one step at a time.",
    "That sounds really worrying — you're in the right place.",
    'I understand this feels urgent.',
  ],
  'ack.anxiety.mild': ['I understand the concern.', 'It makes sense to want this settled.', "Let's make sure this is clear."],
  'ack.confusion.mild': ['That can be confusing.', "Let's untangle this together.", "Fair question — it isn't obvious."],
  'ack.sadness.strong': ['That sounds really hard.', 'I can hear how much this matters to you.', "That's a difficult thing to deal with."],
  'ack.sadness.mild': ["That's hard, and I'm glad you told us.", 'I understand how that feels.', "That's not what you hoped for."],
  // Loss and bereavement: condolence, never "disappointing" (a condolence, not an apology: the policy does not count it).
  condolence: [
    "I'm so sorry for your loss.",
    "I'm very sorry for your loss, and thank you for telling us.",
    "I'm sorry for your loss — we'll keep this as simple as we can.",
  ],
  // Deadlines and time pressure, said once alongside whatever the tone calls for.
  'ack.urgency': ["I know you're short on time, so let's move quickly.", 'I understand this is time-sensitive.', "Let's get this sorted quickly for you."],
  // When nothing the customer wrote can be echoed: name the topic, then act.
  'ack.topic': ["Let's sort out {topic}.", "I'll help you with {topic}.", "Let's look at {topic} together."],
  'ack.satisfaction.mild': ['Glad to hear it!', "That's great news.", 'Happy that worked out.'],
  apology: ["I'm sorry about this.", "I'm sorry for the trouble.", "Sorry — that shouldn't have happened."],
  care: [
    'Take care, and thanks for your patience.',
    "We're here if anything else comes up.",
    'Thanks for sticking with us on this.',
    'Wishing you a good rest of your day.',
  ],

  'handoff.offerPrompt': 'Would you like to talk to a person?',
  'handoff.optionHuman': 'Talk to a person',
  'handoff.optionContinue': 'Keep going here',
  'handoff.requested': "I'm bringing in someone from our team. They'll see everything so far.",
  'handoff.waiting': 'Waiting for someone to join…',
  // The customer writes while waiting for a person: never silence.
  'handoff.stillWaiting': [
    "Someone from our team will be with you shortly, and they'll see this message too.",
    "You're next in line for a person. Anything you add here, they'll see.",
    "I've added that for the person joining you. Thanks for bearing with us.",
  ],
  'handoff.connected': '{name} has joined.',
  // Teammate protection: the one calm line that answers abuse aimed at the team (see detectAbuse).
  // A boundary, never an apology; the policy follows it with a handoff offer.
  'boundary.abuse': "I'm here to help, and I can do that best if we keep this respectful.",

  'recap.heading': 'Summary',
  'recap.understood': 'What we understood',
  'recap.done': 'What we did',
  'recap.nextStep': 'Next step',
  'recap.who': 'Who',
  'recap.when': 'By when',
  'recap.unresolved': "This isn't solved yet, and I know that affects you. Here's what happens next.",
  // Shown next to a next step that may still lie ahead ("within 2 business days").
  'recap.resolved': "Everything's in place on our side. Here's what happens next.",
  // A choice the customer made, as a line of "What we did".
  'recap.choice': 'You asked for: {label}',
  // "What we understood" when no echo was confirmed: the topic, never the customer's raw words.
  'recap.aboutTopic': 'You got in touch about {topic}.',
  'recap.aboutUnknown': 'You got in touch for help.',

  'csat.prompt': 'How did we do?',
  'csat.scoreLabel': { one: '{count} star', other: '{count} stars' },
  'csat.commentLabel': 'Anything to add? (optional)',
  'csat.commentPlaceholder': 'Tell us more…',
  'csat.submit': 'Send',
  'csat.thanks': 'Thanks for your feedback!',
  'csat.scale.1': 'Very poor',
  'csat.scale.2': 'Poor',
  'csat.scale.3': 'Okay',
  'csat.scale.4': 'Good',
  'csat.scale.5': 'Excellent',

  'ui.heading': 'Support',
  'ui.launcherOpen': 'Open support chat',
  'ui.launcherClose': 'Close support chat',
  'ui.placeholder': 'Type your message…',
  'ui.send': 'Send',
  'ui.composerLabel': 'Message',
  'ui.transcriptLabel': 'Conversation',
  'ui.typing': '{name} is typing…',
  // Used when the typist has no display name.
  'ui.typingAnonymous': 'Typing…',
  'ui.newMessages': 'New messages',
  'ui.status.idle': 'Not connected',
  'ui.status.connecting': 'Connecting…',
  'ui.status.open': 'Connected',
  'ui.status.reconnecting': 'Reconnecting…',
  'ui.status.offline': 'Offline',
  'ui.status.closed': 'Conversation ended',
  'ui.retry': 'Retry',
  // Per-message feedback on agent and bot lines (thumbs, then an optional reason).
  'feedback.label': 'Was this reply helpful?',
  'feedback.up': 'Helpful',
  'feedback.down': 'Not helpful',
  'feedback.reasonPrompt': 'What went wrong?',
  'feedback.reason.unanswered': "Didn't answer my question",
  'feedback.reason.wrong': 'Wrong or out of date',
  'feedback.reason.unclear': 'Hard to understand',
  'feedback.otherLabel': 'Something else (optional)',
  'feedback.send': 'Send',
  'feedback.thanks': 'Thanks, that helps us improve.',
  'ui.failed': 'Not sent',
  'ui.pending': 'Sending…',
  'ui.charsLeft': { one: '{count} character left', other: '{count} characters left' },
  'ui.tooLong': 'Your message is too long (max {max} characters).',
  'ui.you': 'You',
  'ui.agent': 'Support',
  'ui.system': 'System',
  'ui.error.generic': 'Something went wrong. Please try again.',
  'ui.flowError': "This chat couldn't start: {message}",
  'ui.empty': 'Hi! How can we help today?',
  'ui.choiceChosen': 'You chose {label}',
  'ui.showMore': 'Show more',
  'ui.stop': 'Stop',
  'ui.stopLabel': 'Stop the reply',
  'ui.streamFailed': 'The reply was interrupted.',
  // Widget chrome: timestamps, unread count, reply time, errors shown to customers.
  'ui.justNow': 'Just now',
  'ui.unread': { one: '{count} unread message', other: '{count} unread messages' },
  'ui.replyTime': 'We usually reply {time}',
  'ui.retrying': "We can't reach our support team right now. We'll keep trying, and nothing you write is lost.",
  'ui.unavailable': "This chat isn't available right now. Please try again later.",
  'ui.newConversation': 'Start a new conversation',
  // Typed answers that count as clicking "Yes, that's right" / "Not quite" on an open echo
  // (compared without case, accents or trailing punctuation).
  'reply.yes': ['yes', 'yeah', 'yep', 'yup', 'y', 'right', "that's right", 'thats right', 'correct', 'exactly', 'yes exactly', 'sure', 'ok', 'okay'],
  'reply.no': ['no', 'nope', 'n', 'not quite', 'not really', 'wrong', "that's wrong", 'no thats wrong', 'not exactly'],

  'agent.greeting': ["Hi! I'm here to help. What's going on?", 'Hello! What can I help you with today?'],
  'agent.askDetails': 'Could you share a few details, like an order number or when it started?',
  // Never the same sentence twice in a row: the agent picks an unused variant.
  'agent.fallback': [
    'I want to get this right — could you tell me a bit more?',
    'Could you tell me what happened, in a sentence or two?',
    "I didn't quite follow. Could you put it another way?",
    'What would you like us to do about it?',
  ],
  'agent.whichFirst': 'You mentioned two things. Which should we sort out first?',
  'agent.thanksReply': ["You're welcome!", 'Happy to help!', 'Any time!'],
  'agent.closing': 'Is there anything else I can help with?',
  // Next step of a recap when no commitment was found, and of a handoff's recap.
  'recap.defaultWho': 'We',
  'recap.defaultWhat': 'stay here in this chat if you need anything else',
  'recap.handoffWho': 'Someone from our team',
  'recap.handoffWhat': 'pick up from here, with everything so far',
};
