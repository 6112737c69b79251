//! An absent agent's message (CONV-13): once per conversation, to every contact who
//! writes to a conversation of that agent while the absence is on.

use charla_db::Tx;
use charla_db::repo::absences;
use charla_domain::messages::Automated;
use charla_domain::time::Ts;
use uuid::Uuid;

use super::Working;
use super::automated::{self, Content};
use crate::error::AppResult;
use crate::state::AppState;

/// The text the contact reads: the message, then the suggested contact if any.
pub fn text(message: &str, suggested: Option<&str>, suggestion_line: impl Fn(&str) -> String) -> String {
    match suggested.map(str::trim).filter(|s| !s.is_empty()) {
        Some(contact) => format!("{message}\n\n{}", suggestion_line(contact)),
        None => message.to_owned(),
    }
}

pub async fn notify_if_absent(state: &AppState, tx: &mut Tx, org: Uuid, w: &mut Working, now: Ts) -> AppResult<()> {
    let Some(agent) = w.next.agent_id.filter(|_| !w.next.absence_sent) else {
        return Ok(());
    };
    let Some(absence) = absences::get(&mut *tx, org, agent).await?.filter(|a| a.enabled) else {
        return Ok(());
    };
    if !automated::can_reach(w, now) {
        return Ok(());
    }
    let language = crate::services::chatbots::language_of_channel(&mut *tx, org, w.row.channel_id).await?;
    let body = text(&absence.message, absence.suggested_contact.as_deref(), |contact| {
        crate::locales::text(language, "bot.absence_suggestion", &[("contact", contact)])
    });
    automated::say(state, tx, org, w, &Content::Text(body), Automated::Absence, now).await?;
    w.next.absence_sent = true;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_suggestion_follows_the_message() {
        let line = |c: &str| format!("Escribe a {c}");
        assert_eq!(super::text("De vacaciones.", Some(" +57 300 "), line), "De vacaciones.\n\nEscribe a +57 300");
        assert_eq!(super::text("De vacaciones.", Some("  "), line), "De vacaciones.");
        assert_eq!(super::text("De vacaciones.", None, line), "De vacaciones.");
    }
}
