//! A broadcast's messages as the network reports them (OUT-4): each status webhook that
//! names a broadcast recipient in its callback data moves that recipient forward
//! (`charla_domain::broadcasts::tracking`); a reply counts as replied; the opt-out word
//! (a default, or the word of a broadcast that reached them) stops marketing broadcasts to
//! its sender.

use charla_channels::events::StatusUpdate;
use charla_db::Tx;
use charla_db::repo::broadcast_tracking::{self as repo, Tracked};
use charla_db::repo::broadcasts::add_opt_out;
use charla_db::repo::channels::ChannelRow;
use charla_domain::broadcasts::opt_out;
use charla_domain::broadcasts::sending::parse_callback_data;
use charla_domain::broadcasts::tracking::{Report, Times, Track, apply};
use charla_domain::messages::DeliveryStatus;
use charla_domain::time::Ts;
use jiff::SignedDuration;
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;

/// How long a broadcast message keeps counting a reply (and its statuses keep updating).
const TRACKED_FOR: SignedDuration = SignedDuration::from_hours(24 * 30);

fn report_of(status: DeliveryStatus) -> Option<Report> {
    match status {
        DeliveryStatus::Sent => Some(Report::Sent),
        DeliveryStatus::Delivered => Some(Report::Delivered),
        DeliveryStatus::Read => Some(Report::Read),
        DeliveryStatus::Failed => Some(Report::Failed),
        DeliveryStatus::Pending | DeliveryStatus::Sending => None,
    }
}

/// Applies a status when its callback data names a broadcast's recipient; false when it
/// names none (the status is some other message's).
pub async fn apply_status(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    s: &StatusUpdate,
    at: Ts,
) -> AppResult<bool> {
    let Some((broadcast, row)) = s.callback_data.as_deref().and_then(parse_callback_data) else {
        return Ok(false);
    };
    let Some(report) = report_of(s.status) else { return Ok(true) };
    let mut tx = state.db.begin().await?;
    let Some(r) = repo::recipient(&mut tx, org, broadcast, row).await?.filter(|r| r.channel_id == channel.id) else {
        return Ok(true);
    };
    let track = Track::parse(&r.status).unwrap_or(Track::InOutbox);
    let times = Times {
        departed: r.departed_at.map(Ts::from),
        sent: r.sent_at.map(Ts::from),
        delivered: r.delivered_at.map(Ts::from),
        read: r.read_at.map(Ts::from),
        failed: r.failed_at.map(Ts::from),
    };
    let (track, times) = apply(track, times, report, at);
    let error = s.error.as_ref().filter(|_| track == Track::SendFailed);
    let tracked = Tracked {
        status: track.as_str(),
        sent_at: times.sent,
        delivered_at: times.delivered,
        read_at: times.read,
        failed_at: times.failed,
        error_code: error.map(|(code, _)| code.as_str()),
        error_title: error.map(|(_, title)| title.as_str()),
    };
    repo::set_tracked(&mut tx, org, broadcast, row, &tracked, state.clock.now()).await?;
    tx.commit().await?;
    state.hub.wake();
    Ok(true)
}

/// A contact wrote to a number: a broadcast that reached them lately counts a reply, and
/// the opt-out word keeps marketing broadcasts from them.
pub async fn note_inbound(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    channel: Uuid,
    (phone, text): (&str, Option<&str>),
    at: Ts,
) -> AppResult<()> {
    repo::note_reply(tx, org, channel, phone, at.minus(TRACKED_FOR), at).await?;
    let Some(text) = text.filter(|t| opt_out::could_be_word(t)) else { return Ok(()) };
    // The broadcasts that reached them add their own words to the defaults.
    let words = repo::opt_out_words(tx, org, channel, phone, at.minus(TRACKED_FOR)).await?;
    if let Some(word) = opt_out::opt_out_word(text, &words) {
        add_opt_out(tx, org, phone, &word, state.clock.now()).await?;
    }
    Ok(())
}
