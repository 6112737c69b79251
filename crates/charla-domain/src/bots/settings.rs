//! A channel's chatbot settings (BOT-4) and survey (BOT-5), as stored and as the API takes
//! them. A text left empty means the default text of the chatbot's language.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::people::Language;
use crate::validation::Invalid;

pub const MENU_ITEMS_MAX: usize = 10;
pub const QUESTION_MAX: usize = 200;
pub const ANSWER_MAX: usize = 4096;
pub const TEXT_MAX: usize = 1024;
pub const LABEL_MAX: usize = 60;
pub const RETURN_AFTER_HOURS_MAX: u32 = 24 * 90;
pub const INVALID_ANSWERS_MAX: u8 = 5;
pub const SURVEY_INTERVAL_MAX: u32 = 365;

/// A message the bot may send, with its switch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switched {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnGreeting {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub text: Option<String>,
    /// Hours without activity after which a contact who writes again is greeted again.
    #[serde(default = "default_return_after_hours")]
    pub after_hours: u32,
}

fn default_return_after_hours() -> u32 {
    24
}

impl Default for ReturnGreeting {
    fn default() -> Self {
        ReturnGreeting { enabled: false, text: None, after_hours: default_return_after_hours() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaqItem {
    pub question: String,
    pub answer: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub intro: Option<String>,
    #[serde(default)]
    pub items: Vec<FaqItem>,
    /// The label of the "talk to an agent" option.
    #[serde(default)]
    pub agent_option: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueOption {
    pub queue_id: Uuid,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueMenu {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub intro: Option<String>,
    #[serde(default)]
    pub queues: Vec<QueueOption>,
    /// Where "Otros asuntos" leads; None: the campaign's default queue.
    #[serde(default)]
    pub default_queue_id: Option<Uuid>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    /// Satisfaction, 1 to 5.
    Csat,
    /// Net promoter score, 0 to 10.
    Nps,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyEvery {
    /// Every Nth attention of the contact.
    Attentions,
    /// When N days passed since the contact's last survey.
    Days,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default = "default_survey_kind")]
    pub kind: SurveyKind,
    /// Ask first whether the contact wants to rate the attention.
    #[serde(default)]
    pub invitation: bool,
    #[serde(default)]
    pub invitation_text: Option<String>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default = "default_survey_every")]
    pub every: SurveyEvery,
    #[serde(default = "default_interval")]
    pub interval: u32,
}

fn default_survey_kind() -> SurveyKind {
    SurveyKind::Csat
}

fn default_survey_every() -> SurveyEvery {
    SurveyEvery::Attentions
}

fn default_interval() -> u32 {
    1
}

impl Default for Survey {
    fn default() -> Self {
        Survey {
            enabled: false,
            kind: SurveyKind::Csat,
            invitation: false,
            invitation_text: None,
            question: None,
            every: SurveyEvery::Attentions,
            interval: 1,
        }
    }
}

/// Everything the chatbot of one channel does. Off by default: contacts go straight to
/// the campaign's queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChatbotSettings {
    pub enabled: bool,
    /// The language of the default texts the contact reads.
    pub language: String,
    pub greeting: Switched,
    pub return_greeting: ReturnGreeting,
    pub faq: Faq,
    pub queue_menu: QueueMenu,
    pub pre_attention: Switched,
    pub post_attention: Switched,
    /// Outside hours: offer to tell the contact when attention is available again.
    pub unavailable: Switched,
    /// Invalid answers to a menu before the contact is sent to the default queue.
    pub max_invalid: u8,
    pub survey: Survey,
}

fn default_language() -> String {
    Language::Es.code().to_owned()
}

fn default_max_invalid() -> u8 {
    2
}

impl Default for ChatbotSettings {
    fn default() -> Self {
        ChatbotSettings {
            enabled: false,
            language: default_language(),
            greeting: Switched { enabled: true, text: None },
            return_greeting: ReturnGreeting::default(),
            faq: Faq::default(),
            queue_menu: QueueMenu::default(),
            pre_attention: Switched { enabled: true, text: None },
            post_attention: Switched { enabled: true, text: None },
            unavailable: Switched::default(),
            max_invalid: default_max_invalid(),
            survey: Survey::default(),
        }
    }
}

impl ChatbotSettings {
    pub fn language(&self) -> Language {
        Language::parse(&self.language).unwrap_or(Language::Es)
    }
}

fn switched(invalid: &mut Invalid, field: &str, s: &Switched) -> Switched {
    Switched { enabled: s.enabled, text: invalid.optional_text(&format!("{field}.text"), s.text.as_deref(), TEXT_MAX) }
}

fn range(invalid: &mut Invalid, field: &str, value: u32, max: u32) {
    if value == 0 || value > max {
        invalid.add_with(field, "out_of_range", &[("min", 1), ("max", i64::from(max))]);
    }
}

/// Checks the settings and returns them normalized (trimmed, empty texts as defaults).
/// Whether the queues exist in the campaign is the caller's check.
pub fn check(s: &ChatbotSettings) -> Result<ChatbotSettings, Invalid> {
    let mut invalid = Invalid::new();
    if Language::parse(&s.language).is_none() {
        invalid.add("language", "invalid");
    }
    range(&mut invalid, "return_greeting.after_hours", s.return_greeting.after_hours, RETURN_AFTER_HOURS_MAX);
    if s.max_invalid == 0 || s.max_invalid > INVALID_ANSWERS_MAX {
        invalid.add_with("max_invalid", "out_of_range", &[("min", 1), ("max", i64::from(INVALID_ANSWERS_MAX))]);
    }
    range(&mut invalid, "survey.interval", s.survey.interval, SURVEY_INTERVAL_MAX);
    let checked = ChatbotSettings {
        enabled: s.enabled,
        language: s.language.clone(),
        greeting: switched(&mut invalid, "greeting", &s.greeting),
        return_greeting: ReturnGreeting {
            enabled: s.return_greeting.enabled,
            text: invalid.optional_text("return_greeting.text", s.return_greeting.text.as_deref(), TEXT_MAX),
            after_hours: s.return_greeting.after_hours,
        },
        faq: checked_faq(&mut invalid, &s.faq),
        queue_menu: checked_queue_menu(&mut invalid, &s.queue_menu),
        pre_attention: switched(&mut invalid, "pre_attention", &s.pre_attention),
        post_attention: switched(&mut invalid, "post_attention", &s.post_attention),
        unavailable: switched(&mut invalid, "unavailable", &s.unavailable),
        max_invalid: s.max_invalid,
        survey: Survey {
            invitation_text: invalid.optional_text(
                "survey.invitation_text",
                s.survey.invitation_text.as_deref(),
                TEXT_MAX,
            ),
            question: invalid.optional_text("survey.question", s.survey.question.as_deref(), TEXT_MAX),
            ..s.survey.clone()
        },
    };
    invalid.finish().map(|()| checked)
}

/// The FAQ: within the menu's size, not empty when on, each question and answer trimmed
/// and within its length.
fn checked_faq(invalid: &mut Invalid, faq: &Faq) -> Faq {
    if faq.items.len() > MENU_ITEMS_MAX {
        invalid.add_with("faq.items", "too_many", &[("max", MENU_ITEMS_MAX as i64)]);
    }
    if faq.enabled && faq.items.is_empty() {
        invalid.add("faq.items", "required");
    }
    let items = faq
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| FaqItem {
            question: invalid.text(&format!("faq.items.{i}.question"), &item.question, QUESTION_MAX),
            answer: invalid.text(&format!("faq.items.{i}.answer"), &item.answer, ANSWER_MAX),
        })
        .collect();
    Faq {
        enabled: faq.enabled,
        intro: invalid.optional_text("faq.intro", faq.intro.as_deref(), TEXT_MAX),
        items,
        agent_option: invalid.optional_text("faq.agent_option", faq.agent_option.as_deref(), LABEL_MAX),
    }
}

/// The queue menu: within the menu's size, not empty when on, each queue once, each
/// label within its length.
fn checked_queue_menu(invalid: &mut Invalid, menu: &QueueMenu) -> QueueMenu {
    if menu.queues.len() > MENU_ITEMS_MAX {
        invalid.add_with("queue_menu.queues", "too_many", &[("max", MENU_ITEMS_MAX as i64)]);
    }
    if menu.enabled && menu.queues.is_empty() {
        invalid.add("queue_menu.queues", "required");
    }
    let mut seen = Vec::new();
    let queues = menu
        .queues
        .iter()
        .enumerate()
        .map(|(i, q)| {
            if seen.contains(&q.queue_id) {
                invalid.add(&format!("queue_menu.queues.{i}.queue_id"), "duplicate");
            }
            seen.push(q.queue_id);
            QueueOption {
                queue_id: q.queue_id,
                label: invalid.text(&format!("queue_menu.queues.{i}.label"), &q.label, LABEL_MAX),
            }
        })
        .collect();
    QueueMenu {
        enabled: menu.enabled,
        intro: invalid.optional_text("queue_menu.intro", menu.intro.as_deref(), TEXT_MAX),
        queues,
        default_queue_id: menu.default_queue_id,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn codes(invalid: &Invalid) -> Vec<(String, &'static str)> {
        invalid.0.iter().map(|e| (e.field.clone(), e.code)).collect()
    }

    #[test]
    fn defaults_from_an_empty_object() {
        let s: ChatbotSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(s, ChatbotSettings::default(), "left-out fields take the defaults, switches included");
        assert!(s.greeting.enabled && s.pre_attention.enabled && s.post_attention.enabled);
        assert!(!s.enabled);
        assert_eq!(s.max_invalid, 2);
        assert_eq!(s.return_greeting.after_hours, 24);
        assert_eq!(s.survey.kind, SurveyKind::Csat);
        assert_eq!(check(&ChatbotSettings::default()), Ok(ChatbotSettings::default()));
    }

    #[test]
    fn texts_are_trimmed_and_empty_means_default() {
        let mut s = ChatbotSettings::default();
        s.greeting.text = Some("  Hola {name} ".to_owned());
        s.pre_attention.text = Some("   ".to_owned());
        let checked = check(&s).unwrap();
        assert_eq!(checked.greeting.text.as_deref(), Some("Hola {name}"));
        assert_eq!(checked.pre_attention.text, None);
    }

    #[test]
    fn limits() {
        let mut s = ChatbotSettings::default();
        s.faq.enabled = true;
        s.faq.items = (0..11).map(|i| FaqItem { question: format!("q{i}"), answer: "a".to_owned() }).collect();
        s.faq.items[3].answer = " ".to_owned();
        s.queue_menu.enabled = true;
        let q = Uuid::from_u128(7);
        s.queue_menu.queues = vec![
            QueueOption { queue_id: q, label: "Ventas".to_owned() },
            QueueOption { queue_id: q, label: "x".repeat(61) },
        ];
        s.max_invalid = 0;
        s.language = "fr".to_owned();
        s.survey.interval = 0;
        s.return_greeting.after_hours = 0;
        let err = check(&s).unwrap_err();
        let found = codes(&err);
        for expected in [
            ("language", "invalid"),
            ("faq.items", "too_many"),
            ("faq.items.3.answer", "required"),
            ("queue_menu.queues.1.queue_id", "duplicate"),
            ("queue_menu.queues.1.label", "too_long"),
            ("max_invalid", "out_of_range"),
            ("survey.interval", "out_of_range"),
            ("return_greeting.after_hours", "out_of_range"),
        ] {
            assert!(found.contains(&(expected.0.to_owned(), expected.1)), "{expected:?} in {found:?}");
        }
        let mut s = ChatbotSettings::default();
        s.faq.enabled = true;
        s.queue_menu.enabled = true;
        let found = codes(&check(&s).unwrap_err());
        assert_eq!(found, vec![("faq.items".to_owned(), "required"), ("queue_menu.queues".to_owned(), "required")]);
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<ChatbotSettings>(r#"{"greting": {}}"#).is_err());
    }
}
