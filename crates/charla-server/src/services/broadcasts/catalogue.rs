//! The organization's sending numbers and templates, read once per import.

use charla_channels::whatsapp::outbound::template_body;
use charla_db::repo::channels::{self, ListFilter};
use charla_db::repo::templates;
use charla_domain::broadcasts::rows::{Catalogue, SenderInfo, TemplateInfo};
use charla_domain::outbound::template::{Variables, variables};
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;

/// More WhatsApp numbers than an organization has; the list is read in one go.
const CHANNELS_MAX: i64 = 10_000;

/// Active WhatsApp channels by display number, and every template by business account.
pub async fn catalogue(state: &AppState, org: Uuid) -> AppResult<Catalogue> {
    let mut out = Catalogue::default();
    let filter = ListFilter {
        kind: Some("whatsapp".into()),
        campaign_id: None,
        archived: Some(false),
        after: None,
        limit: CHANNELS_MAX,
    };
    for channel in channels::list(&state.db, org, &filter).await? {
        let display = channel.config.0.get("display_phone_number").and_then(|v| v.as_str()).unwrap_or_default();
        if let Some(waba) = channel.network_account.clone() {
            out.add_sender(display, SenderInfo { channel_id: channel.id, waba_id: waba });
        }
    }
    for t in templates::list(&state.db, org, None).await? {
        let body = template_body(&t.components.0).unwrap_or_default();
        let info = TemplateInfo {
            id: t.id,
            name: t.name.clone(),
            language: t.language.clone().unwrap_or_default(),
            approved: t.status.eq_ignore_ascii_case("approved"),
            marketing: t.category.as_deref().is_some_and(|c| c.eq_ignore_ascii_case("marketing")),
            variables: if body.is_empty() { Variables::Positional(0) } else { variables(&body) },
            body,
        };
        out.add_template(&t.waba_id, info);
    }
    Ok(out)
}
