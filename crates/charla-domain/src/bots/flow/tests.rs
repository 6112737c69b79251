use super::*;
use crate::bots::settings::{FaqItem, QueueOption};
use proptest::prelude::*;

struct Keys;

impl Phrasebook for Keys {
    fn text(&self, key: &str) -> String {
        match key {
            "bot.greeting" => "¡Hola {name}, espero que estés bien! 😃".to_owned(),
            "bot.yes" => "Sí".to_owned(),
            "bot.no" => "No".to_owned(),
            other => format!("[{other}]"),
        }
    }
}

fn q(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn settings() -> ChatbotSettings {
    let mut s = ChatbotSettings { enabled: true, ..ChatbotSettings::default() };
    s.faq.enabled = true;
    s.faq.items = vec![
        FaqItem { question: "¿Horario?".to_owned(), answer: "De 8 a 18.".to_owned() },
        FaqItem { question: "¿Dirección?".to_owned(), answer: "Calle 1.".to_owned() },
    ];
    s.queue_menu.enabled = true;
    s.queue_menu.queues = vec![
        QueueOption { queue_id: q(1), label: "Ventas".to_owned() },
        QueueOption { queue_id: q(2), label: "Soporte".to_owned() },
    ];
    s.queue_menu.default_queue_id = Some(q(9));
    s
}

fn open<'a>(s: &'a ChatbotSettings, visit: Visit) -> Situation<'a> {
    Situation { settings: s, contact_name: Some("Ana"), visit, open: true, out_of_hours: None, bot_paused: false }
}

fn text(t: &str) -> Reply<'_> {
    Reply { id: None, text: Some(t) }
}

fn said(turn: &Turn) -> Vec<String> {
    turn.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Say(t) => Some(t.clone()),
            Effect::Ask(m) => Some(format!("ask:{}", m.body)),
            _ => None,
        })
        .collect()
}

#[test]
fn without_a_bot_contacts_go_straight_to_the_default_queue() {
    let s = ChatbotSettings::default();
    let turn = start(&open(&s, Visit::First), &Keys);
    assert_eq!(turn, Turn { effects: vec![], next: Next::Route(None) });
    let s = settings();
    let paused = Situation { bot_paused: true, ..open(&s, Visit::First) };
    assert_eq!(start(&paused, &Keys).next, Next::Route(None));
}

#[test]
fn greetings_by_visit() {
    let mut s = settings();
    s.return_greeting.enabled = true;
    let first = start(&open(&s, Visit::First), &Keys);
    assert_eq!(said(&first)[0], "¡Hola Ana, espero que estés bien! 😃");
    let nameless = Situation { contact_name: None, ..open(&s, Visit::First) };
    assert_eq!(said(&start(&nameless, &Keys))[0], "¡Hola, espero que estés bien! 😃");
    assert_eq!(said(&start(&open(&s, Visit::Returning), &Keys))[0], "[bot.return_greeting]");
    assert_eq!(said(&start(&open(&s, Visit::Recent), &Keys)), vec!["ask:[bot.faq_intro]"]);
    s.return_greeting.enabled = false;
    assert_eq!(said(&start(&open(&s, Visit::Returning), &Keys)), vec!["ask:[bot.faq_intro]"]);
}

#[test]
fn faq_then_queue_menu_routes_to_the_chosen_queue() {
    let s = settings();
    let sit = open(&s, Visit::Recent);
    let turn = start(&sit, &Keys);
    assert_eq!(turn.next, Next::Wait(Stage::Faq { invalid: 0 }));
    let Effect::Ask(menu) = &turn.effects[0] else { panic!("a menu") };
    assert_eq!(menu.options.len(), 3, "two questions and talk to an agent");
    let answered = answer(Stage::Faq { invalid: 0 }, &text("1"), &sit, &Keys);
    assert_eq!(said(&answered), vec!["De 8 a 18.", "ask:[bot.faq_intro]"]);
    assert_eq!(answered.next, Next::Wait(Stage::Faq { invalid: 0 }));
    let agent = answer(Stage::Faq { invalid: 0 }, &Reply { id: Some(AGENT_OPTION_ID), text: None }, &sit, &Keys);
    assert_eq!(agent.next, Next::Wait(Stage::Queues { invalid: 0 }));
    let Effect::Ask(queues) = &agent.effects[0] else { panic!("the queue menu") };
    assert_eq!(queues.options.last().unwrap().title, "[bot.other_matters]");
    let chosen = answer(Stage::Queues { invalid: 0 }, &text("soporte"), &sit, &Keys);
    assert_eq!(chosen.next, Next::Route(Some(q(2))));
    assert_eq!(said(&chosen), vec!["[bot.pre_attention]"]);
    let other = answer(Stage::Queues { invalid: 0 }, &text("3"), &sit, &Keys);
    assert_eq!(other.next, Next::Route(Some(q(9))));
}

#[test]
fn invalid_answers_reprompt_then_route_to_the_default_queue() {
    let s = settings();
    let sit = open(&s, Visit::Recent);
    let once = answer(Stage::Queues { invalid: 0 }, &text("pizza"), &sit, &Keys);
    assert_eq!(once.next, Next::Wait(Stage::Queues { invalid: 1 }));
    assert_eq!(said(&once), vec!["[bot.invalid_answer]", "ask:[bot.queue_intro]"]);
    let twice = answer(Stage::Queues { invalid: 1 }, &text("pizza"), &sit, &Keys);
    assert_eq!(twice.next, Next::Route(Some(q(9))));
}

#[test]
fn out_of_hours_close_queue_and_callback() {
    let s = settings();
    let close = OutOfHours {
        action: OutOfHoursAction::Close,
        message: "Estamos cerrados.".to_owned(),
        send_message: true,
        apply_to_queued: false,
    };
    let sit = Situation { open: false, out_of_hours: Some(&close), ..open(&s, Visit::First) };
    let turn = start(&sit, &Keys);
    assert_eq!(turn.effects, vec![Effect::OutOfHours, Effect::Say("Estamos cerrados.".to_owned())]);
    assert_eq!(turn.next, Next::Close);
    let queue = OutOfHours { action: OutOfHoursAction::Queue, send_message: false, ..close.clone() };
    let sit = Situation { out_of_hours: Some(&queue), ..sit };
    assert_eq!(start(&sit, &Keys), Turn { effects: vec![Effect::OutOfHours], next: Next::Hold });

    let mut s = settings();
    s.unavailable.enabled = true;
    let sit = Situation { settings: &s, out_of_hours: Some(&close), ..sit };
    let offered = start(&sit, &Keys);
    assert_eq!(offered.next, Next::Wait(Stage::Callback { invalid: 0 }));
    assert_eq!(said(&offered), vec!["Estamos cerrados.", "ask:[bot.unavailable]"]);
    let yes = answer(Stage::Callback { invalid: 0 }, &text("Sí"), &sit, &Keys);
    assert_eq!(yes.effects[0], Effect::Callback(Some(true)));
    assert_eq!(yes.next, Next::Close);
    let no = answer(Stage::Callback { invalid: 0 }, &Reply { id: Some(NO_ID), text: None }, &sit, &Keys);
    assert_eq!(no.effects[0], Effect::Callback(Some(false)));
    let unclear = answer(Stage::Callback { invalid: 1 }, &text("quizás"), &sit, &Keys);
    assert_eq!(unclear, Turn { effects: vec![Effect::Callback(None)], next: Next::Close });
}

fn reply_strategy() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    let ids = prop_oneof![
        Just(None),
        Just(Some(AGENT_OPTION_ID.to_owned())),
        Just(Some(OTHER_QUEUE_ID.to_owned())),
        Just(Some(YES_ID.to_owned())),
        Just(Some(format!("queue.{}", q(1)))),
        Just(Some("faq2".to_owned())),
        "[a-z0-9]{1,6}".prop_map(Some),
    ];
    let texts =
        prop_oneof![Just(None), (0u8..14).prop_map(|n| Some(n.to_string())), "[ a-zA-Záé0-9]{0,12}".prop_map(Some)];
    (ids, texts)
}

fn settings_strategy() -> impl Strategy<Value = ChatbotSettings> {
    (any::<[bool; 6]>(), 0usize..=10, 0usize..=10, 1u8..=5).prop_map(|(on, faqs, queues, max_invalid)| {
        let mut s = ChatbotSettings { enabled: on[0], max_invalid, ..ChatbotSettings::default() };
        s.faq.enabled = on[1];
        s.faq.items =
            (0..faqs).map(|i| FaqItem { question: format!("Pregunta {i}"), answer: format!("R{i}") }).collect();
        s.queue_menu.enabled = on[2];
        s.queue_menu.queues =
            (0..queues).map(|i| QueueOption { queue_id: q(100 + i as u128), label: format!("Cola {i}") }).collect();
        s.queue_menu.default_queue_id = on[3].then(|| q(9));
        s.unavailable.enabled = on[4];
        s.greeting.enabled = on[5];
        s
    })
}

fn check_turn(turn: &Turn, s: &ChatbotSettings) -> Result<(), TestCaseError> {
    match turn.next {
        // Waiting always leaves the contact a question to answer.
        Next::Wait(_) => prop_assert!(turn.effects.iter().any(|e| matches!(e, Effect::Ask(_)))),
        Next::Route(Some(queue)) => prop_assert!(
            queue == q(9) || s.queue_menu.queues.iter().any(|o| o.queue_id == queue),
            "routed to a queue the settings name"
        ),
        Next::Route(None) | Next::Hold | Next::Close => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the settings and answers, the bot always either waits on a question or
    /// hands the conversation on; and a contact who stops answering sensibly reaches a
    /// queue (or the out-of-hours outcome) within `max_invalid` answers.
    #[test]
    fn never_strands_a_conversation(
        s in settings_strategy(),
        open_hours in any::<bool>(),
        close in any::<bool>(),
        replies in proptest::collection::vec(reply_strategy(), 0..12),
    ) {
        let rule = OutOfHours {
            action: if close { OutOfHoursAction::Close } else { OutOfHoursAction::Queue },
            message: "cerrado".to_owned(),
            send_message: true,
            apply_to_queued: false,
        };
        let sit = Situation {
            settings: &s,
            contact_name: None,
            visit: Visit::First,
            open: open_hours,
            out_of_hours: Some(&rule),
            bot_paused: false,
        };
        let mut turn = start(&sit, &Keys);
        check_turn(&turn, &s)?;
        for (id, text) in &replies {
            let Next::Wait(stage) = turn.next else { break };
            turn = answer(stage, &Reply { id: id.as_deref(), text: text.as_deref() }, &sit, &Keys);
            check_turn(&turn, &s)?;
        }
        for _ in 0..s.max_invalid {
            let Next::Wait(stage) = turn.next else { break };
            turn = answer(stage, &Reply { id: None, text: Some("???") }, &sit, &Keys);
            check_turn(&turn, &s)?;
        }
        prop_assert!(!matches!(turn.next, Next::Wait(_)), "still waiting after {} wrong answers", s.max_invalid);
        if !open_hours {
            prop_assert_eq!(turn.next, if close { Next::Close } else { Next::Hold });
        }
    }
}

#[test]
fn the_name_variable_is_written_as_in_quick_replies_and_the_old_spelling_still_works() {
    assert_eq!(with_name("¡Hola {{contact.name}}, bienvenida!", Some(" Ana ")), "¡Hola Ana, bienvenida!");
    assert_eq!(with_name("Hola {name}.", Some("Ana")), "Hola Ana.");
    assert_eq!(with_name("¡Hola {{contact.name}}, bienvenida!", None), "¡Hola, bienvenida!");
    assert_eq!(with_name("Hola {name}.", Some("  ")), "Hola.");
}
