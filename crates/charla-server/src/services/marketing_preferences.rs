//! A contact stopped or resumed marketing messages in WhatsApp's own settings
//! (`user_preferences`): it feeds the broadcasts' opt-out list (`opt_outs`, by phone), so
//! a marketing broadcast skips them from then on, and a resume lets them receive it again.

use charla_channels::events::MarketingPreference;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::{broadcasts, marketing_preferences};
use charla_domain::time::Ts;
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;

pub async fn apply(state: &AppState, org: Uuid, channel: &ChannelRow, p: &MarketingPreference) -> AppResult<()> {
    let Some(network) = crate::channels::of(&channel.kind) else {
        return Ok(());
    };
    let (_, phone) = network.identity_of(&p.from);
    let at = p.timestamp.map_or_else(|| state.clock.now(), |s| Ts::from_micros(s.saturating_mul(1_000_000)));
    let mut tx = state.db.begin().await?;
    if p.opted_out {
        broadcasts::add_opt_out(&mut tx, org, &phone, marketing_preferences::NETWORK_STOP, at).await?;
    } else {
        marketing_preferences::resume(&mut tx, org, &phone).await?;
    }
    tx.commit().await?;
    Ok(())
}
