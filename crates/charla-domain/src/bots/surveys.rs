//! Satisfaction surveys after an attention (BOT-5): when one is due, the question, and
//! reading the contact's score.

use serde::{Deserialize, Serialize};

use super::Phrasebook;
use super::flow::{YES_ID, yes_no};
use super::menu::{Menu, MenuOption, Reply, choose};
use super::settings::{Survey, SurveyEvery, SurveyKind};
use crate::time::Ts;

/// The contact's survey history on the channel.
#[derive(Clone, Copy, Debug, Default)]
pub struct History {
    /// Attentions finished before this one.
    pub attentions_before: u32,
    /// When the contact was last surveyed.
    pub last_survey_at: Option<Ts>,
}

/// The first attention is always surveyed; then every Nth attention, or when N days passed
/// since the last survey.
pub fn is_due(survey: &Survey, history: History, now: Ts) -> bool {
    if !survey.enabled {
        return false;
    }
    let Some(last) = history.last_survey_at else { return true };
    let n = survey.interval.max(1);
    match survey.every {
        SurveyEvery::Attentions => history.attentions_before.is_multiple_of(n),
        SurveyEvery::Days => now.since(last).as_secs() >= i64::from(n) * 86_400,
    }
}

pub const fn scale(kind: SurveyKind) -> (u8, u8) {
    match kind {
        SurveyKind::Csat => (1, 5),
        SurveyKind::Nps => (0, 10),
    }
}

/// Where a survey is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum SurveyStage {
    Invitation { invalid: u8 },
    Score { invalid: u8 },
}

pub fn first_stage(survey: &Survey) -> SurveyStage {
    if survey.invitation { SurveyStage::Invitation { invalid: 0 } } else { SurveyStage::Score { invalid: 0 } }
}

pub fn question(survey: &Survey, stage: SurveyStage, book: &impl Phrasebook) -> Menu {
    match stage {
        SurveyStage::Invitation { .. } => {
            yes_no(survey.invitation_text.clone().unwrap_or_else(|| book.text("bot.survey_invitation")), book)
        }
        SurveyStage::Score { .. } => {
            let (low, high) = scale(survey.kind);
            let key = match survey.kind {
                SurveyKind::Csat => "bot.survey_csat",
                SurveyKind::Nps => "bot.survey_nps",
            };
            Menu {
                body: survey.question.clone().unwrap_or_else(|| book.text(key)),
                button: book.text("bot.menu_button"),
                options: (low..=high).map(|n| MenuOption { id: format!("score.{n}"), title: n.to_string() }).collect(),
            }
        }
    }
}

/// The score question as plain text, for networks without buttons: the question and how to
/// answer ("Responde con un número del 1 al 5") instead of a list of bare numbers. `None`
/// for the invitation, whose numbered yes/no options read well.
pub fn plain_question(survey: &Survey, stage: SurveyStage, book: &impl Phrasebook) -> Option<String> {
    let SurveyStage::Score { .. } = stage else { return None };
    let (low, high) = scale(survey.kind);
    let body = question(survey, stage, book).body;
    let hint =
        book.text("bot.survey_scale_hint").replace("{low}", &low.to_string()).replace("{high}", &high.to_string());
    Some(format!("{}\n\n{hint}", body.trim_end()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyStep {
    Ask(SurveyStage),
    Score(u8),
    /// Declined the invitation, or answered wrongly twice: no score.
    Done,
}

/// The score picked by id ("score.4") or typed as a number ("4": the score itself, not a
/// position); the invitation by yes/no. Wrong answers are asked again once.
pub fn answer(survey: &Survey, stage: SurveyStage, reply: &Reply<'_>, book: &impl Phrasebook) -> SurveyStep {
    let again = |invalid: u8| if invalid == 0 { Some(invalid + 1) } else { None };
    match stage {
        SurveyStage::Invitation { invalid } => {
            let menu = question(survey, stage, book);
            match choose(&menu, reply).and_then(|i| menu.options.get(i)) {
                Some(option) if option.id == YES_ID => SurveyStep::Ask(SurveyStage::Score { invalid: 0 }),
                Some(_) => SurveyStep::Done,
                None => {
                    again(invalid).map_or(SurveyStep::Done, |n| SurveyStep::Ask(SurveyStage::Invitation { invalid: n }))
                }
            }
        }
        SurveyStage::Score { invalid } => {
            let (low, high) = scale(survey.kind);
            let typed = reply.id.and_then(|id| id.strip_prefix("score.")).or(reply.text).map(str::trim);
            match typed.and_then(|t| t.trim_end_matches('.').parse::<u8>().ok()).filter(|n| (low..=high).contains(n)) {
                Some(score) => SurveyStep::Score(score),
                None => again(invalid).map_or(SurveyStep::Done, |n| SurveyStep::Ask(SurveyStage::Score { invalid: n })),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    struct Keys;
    impl Phrasebook for Keys {
        fn text(&self, key: &str) -> String {
            match key {
                "bot.yes" => "Sí".to_owned(),
                "bot.no" => "No".to_owned(),
                "bot.survey_scale_hint" => "Responde con un número del {low} al {high}.".to_owned(),
                other => other.to_owned(),
            }
        }
    }

    fn ts(text: &str) -> Ts {
        Ts::from_timestamp(text.parse().unwrap())
    }

    fn survey(every: SurveyEvery, interval: u32) -> Survey {
        Survey { enabled: true, every, interval, ..Survey::default() }
    }

    #[test]
    fn the_score_question_asks_for_a_number_in_words() {
        let csat = Survey { enabled: true, question: Some("¿Qué tal te atendimos?".to_owned()), ..Survey::default() };
        let plain = plain_question(&csat, SurveyStage::Score { invalid: 0 }, &Keys).unwrap();
        assert_eq!(plain, "¿Qué tal te atendimos?\n\nResponde con un número del 1 al 5.");
        assert!(!plain.contains("1. 1"));
        let nps = Survey { kind: SurveyKind::Nps, ..csat.clone() };
        assert!(plain_question(&nps, SurveyStage::Score { invalid: 1 }, &Keys).unwrap().ends_with("del 0 al 10."));
        assert_eq!(plain_question(&csat, SurveyStage::Invitation { invalid: 0 }, &Keys), None);
    }

    #[test]
    fn frequency() {
        let now = ts("2026-03-10T12:00:00Z");
        let s = survey(SurveyEvery::Attentions, 3);
        assert!(is_due(&s, History { attentions_before: 0, last_survey_at: None }, now), "first attention always");
        assert!(is_due(&s, History { attentions_before: 5, last_survey_at: None }, now), "never surveyed");
        let last = Some(ts("2026-03-09T12:00:00Z"));
        assert!(!is_due(&s, History { attentions_before: 1, last_survey_at: last }, now));
        assert!(!is_due(&s, History { attentions_before: 2, last_survey_at: last }, now));
        assert!(is_due(&s, History { attentions_before: 3, last_survey_at: last }, now));
        let s = survey(SurveyEvery::Days, 7);
        assert!(!is_due(&s, History { attentions_before: 9, last_survey_at: Some(ts("2026-03-04T12:00:01Z")) }, now));
        assert!(is_due(&s, History { attentions_before: 9, last_survey_at: Some(ts("2026-03-03T12:00:00Z")) }, now));
        assert!(!is_due(&Survey::default(), History::default(), now), "off");
    }

    #[test]
    fn scores_and_invitations() {
        let csat = survey(SurveyEvery::Attentions, 1);
        let score = SurveyStage::Score { invalid: 0 };
        let r = |t| Reply { id: None, text: Some(t) };
        assert_eq!(answer(&csat, score, &r("4"), &Keys), SurveyStep::Score(4));
        assert_eq!(answer(&csat, score, &Reply { id: Some("score.5"), text: None }, &Keys), SurveyStep::Score(5));
        assert_eq!(answer(&csat, score, &r("0"), &Keys), SurveyStep::Ask(SurveyStage::Score { invalid: 1 }));
        assert_eq!(answer(&csat, SurveyStage::Score { invalid: 1 }, &r("9"), &Keys), SurveyStep::Done);
        let nps = Survey { kind: SurveyKind::Nps, ..csat.clone() };
        assert_eq!(answer(&nps, score, &r("0"), &Keys), SurveyStep::Score(0));
        assert_eq!(answer(&nps, score, &r("10"), &Keys), SurveyStep::Score(10));
        assert_eq!(answer(&nps, score, &r("11"), &Keys), SurveyStep::Ask(SurveyStage::Score { invalid: 1 }));
        let invited = Survey { invitation: true, ..csat };
        let stage = first_stage(&invited);
        assert_eq!(stage, SurveyStage::Invitation { invalid: 0 });
        assert_eq!(answer(&invited, stage, &r("sí"), &Keys), SurveyStep::Ask(SurveyStage::Score { invalid: 0 }));
        assert_eq!(answer(&invited, stage, &r("no"), &Keys), SurveyStep::Done);
        assert_eq!(answer(&invited, stage, &r("hmm"), &Keys), SurveyStep::Ask(SurveyStage::Invitation { invalid: 1 }));
        assert_eq!(question(&nps, score, &Keys).options.len(), 11);
    }
}
