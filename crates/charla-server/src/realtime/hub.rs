//! The in-process fan-out of committed events to this node's WebSockets.

use std::collections::BTreeSet;
use std::sync::Arc;

use charla_db::repo::events::EventRow;
use charla_domain::access::Permission;
use serde_json::Value;
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

#[derive(Clone)]
pub struct Hub {
    sender: broadcast::Sender<Arc<EventRow>>,
    wake: Arc<Notify>,
}

impl Default for Hub {
    fn default() -> Self {
        let (sender, _) = broadcast::channel(4096);
        Hub { sender, wake: Arc::new(Notify::new()) }
    }
}

impl Hub {
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<EventRow>> {
        self.sender.subscribe()
    }

    pub fn publish(&self, event: Arc<EventRow>) {
        // No receiver connected is fine: nobody to tell.
        let _ = self.sender.send(event);
    }

    /// Tells this node's relay that events were committed (SQLite has no NOTIFY).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub async fn woken(&self) {
        self.wake.notified().await
    }
}

/// Whether a user may receive an event: it is addressed to them, or they hold one of the
/// permissions the event names.
pub fn may_see(audience: &Value, user_id: Uuid, permissions: &BTreeSet<Permission>) -> bool {
    let (listed, permitted) = addressed(audience, user_id, permissions);
    listed || permitted
}

/// How an event's audience reaches a user: (named among its users, holds a named permission).
pub fn addressed(audience: &Value, user_id: Uuid, permissions: &BTreeSet<Permission>) -> (bool, bool) {
    let listed = audience
        .get("user_ids")
        .and_then(Value::as_array)
        .is_some_and(|ids| ids.iter().any(|id| id.as_str() == Some(user_id.to_string().as_str())));
    let permitted = audience.get("permissions").and_then(Value::as_array).is_some_and(|codes| {
        codes.iter().filter_map(Value::as_str).filter_map(Permission::parse).any(|p| permissions.contains(&p))
    });
    (listed, permitted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn audience_by_user_or_permission() {
        let me = Uuid::now_v7();
        let other = Uuid::now_v7();
        let audience = json!({ "user_ids": [me], "permissions": ["monitoring.view"] });
        let none = BTreeSet::new();
        let supervisor: BTreeSet<_> = [Permission::MonitoringView].into_iter().collect();
        assert!(may_see(&audience, me, &none));
        assert!(!may_see(&audience, other, &none));
        assert!(may_see(&audience, other, &supervisor));
        assert!(!may_see(&json!({}), me, &supervisor));
    }
}
