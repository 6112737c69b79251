//! What of the inbox a person sees (ORG-3): administrators everything; supervisors the
//! campaigns they supervise (an explicit list) besides what they work themselves; agents
//! their own and their queues' conversations.

use std::collections::BTreeSet;

use uuid::Uuid;

use crate::access::Permission;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InboxView {
    /// `inbox.all`: every campaign.
    All,
    /// `inbox.supervise`: these campaigns, plus what the supervisor works as an agent.
    Supervisor { me: Uuid, campaigns: BTreeSet<Uuid> },
    /// `inbox.own`: the agent's own conversations and those waiting in its queues.
    Agent(Uuid),
}

impl InboxView {
    /// Whether building the view needs the user's supervised campaigns.
    pub fn needs_supervision(permissions: &BTreeSet<Permission>) -> bool {
        !permissions.contains(&Permission::InboxAll) && permissions.contains(&Permission::InboxSupervise)
    }

    /// The view of a holder of `permissions`; None when they have no inbox at all.
    /// `supervised` is read only when [`InboxView::needs_supervision`] says so.
    pub fn of(me: Uuid, permissions: &BTreeSet<Permission>, supervised: BTreeSet<Uuid>) -> Option<InboxView> {
        if permissions.contains(&Permission::InboxAll) {
            Some(InboxView::All)
        } else if permissions.contains(&Permission::InboxSupervise) {
            Some(InboxView::Supervisor { me, campaigns: supervised })
        } else if permissions.contains(&Permission::InboxOwn) {
            Some(InboxView::Agent(me))
        } else {
            None
        }
    }

    /// Whether the whole of this campaign's inbox is in view (not only one's own part).
    pub fn oversees(&self, campaign: Uuid) -> bool {
        match self {
            InboxView::All => true,
            InboxView::Supervisor { campaigns, .. } => campaigns.contains(&campaign),
            InboxView::Agent(_) => false,
        }
    }

    /// Whether a conversation is visible: its campaign is overseen, or the agent's own rule
    /// (`as_agent`: assigned to them or waiting for them) lets them see it.
    pub fn sees(&self, campaign: Uuid, as_agent: bool) -> bool {
        self.oversees(campaign) || (!matches!(self, InboxView::All) && as_agent)
    }

    /// The campaigns overseen: None means every one.
    pub fn campaigns(&self) -> Option<&BTreeSet<Uuid>> {
        match self {
            InboxView::All => None,
            InboxView::Supervisor { campaigns, .. } => Some(campaigns),
            InboxView::Agent(_) => Some(const { &BTreeSet::new() }),
        }
    }

    /// The person, for the agent part of the view (None for administrators, who see all).
    pub fn me(&self) -> Option<Uuid> {
        match self {
            InboxView::All => None,
            InboxView::Supervisor { me, .. } | InboxView::Agent(me) => Some(*me),
        }
    }

    /// Whether a realtime event reaches this viewer. `listed`: the event names the user;
    /// `permitted`: the user holds a permission the event names; `campaign`: the campaign
    /// an inbox event belongs to. An event addressed by permission to a campaign's inbox
    /// reaches a supervisor only for a campaign it supervises; one addressed to the user by
    /// name (their own conversation, their queue) always does. Agents' rules are unchanged.
    pub fn receives(&self, listed: bool, permitted: bool, campaign: Option<Uuid>) -> bool {
        if listed {
            return true;
        }
        match (self, campaign) {
            (InboxView::Supervisor { .. }, Some(campaign)) => permitted && self.oversees(campaign),
            _ => permitted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::BuiltinProfile;

    fn ids() -> (Uuid, Uuid, Uuid) {
        (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7())
    }

    #[test]
    fn the_view_follows_the_strongest_inbox_permission() {
        let (me, a, _) = ids();
        let set: BTreeSet<Uuid> = [a].into();
        let admin = BuiltinProfile::Administrator.permissions();
        let sup = BuiltinProfile::Supervisor.permissions();
        let agent = BuiltinProfile::Agent.permissions();
        assert_eq!(InboxView::of(me, &admin, set.clone()), Some(InboxView::All));
        assert_eq!(InboxView::of(me, &sup, set.clone()), Some(InboxView::Supervisor { me, campaigns: set.clone() }));
        assert_eq!(InboxView::of(me, &agent, set.clone()), Some(InboxView::Agent(me)));
        assert_eq!(InboxView::of(me, &BTreeSet::new(), set), None);
        assert!(!InboxView::needs_supervision(&admin));
        assert!(InboxView::needs_supervision(&sup));
        assert!(!InboxView::needs_supervision(&agent));
    }

    #[test]
    fn a_supervisor_oversees_only_its_campaigns() {
        let (me, a, b) = ids();
        let view = InboxView::Supervisor { me, campaigns: [a].into() };
        assert!(view.oversees(a));
        assert!(!view.oversees(b));
        assert!(view.sees(a, false));
        assert!(!view.sees(b, false));
        // What it works as an agent stays in view.
        assert!(view.sees(b, true));
        assert_eq!(view.campaigns().map(|c| c.len()), Some(1));
    }

    #[test]
    fn supervising_nothing_sees_nothing_but_its_own() {
        let (me, a, _) = ids();
        let view = InboxView::Supervisor { me, campaigns: BTreeSet::new() };
        assert!(!view.sees(a, false));
        assert!(view.sees(a, true));
        assert!(!view.receives(false, true, Some(a)));
    }

    #[test]
    fn administrators_see_everything_agents_only_their_own() {
        let (me, a, _) = ids();
        assert!(InboxView::All.sees(a, false));
        assert_eq!(InboxView::All.campaigns(), None);
        assert!(!InboxView::Agent(me).sees(a, false));
        assert!(InboxView::Agent(me).sees(a, true));
    }

    #[test]
    fn realtime_inbox_events_reach_overseers_of_their_campaign() {
        let (me, a, b) = ids();
        let sup = InboxView::Supervisor { me, campaigns: [a].into() };
        assert!(sup.receives(false, true, Some(a)));
        assert!(!sup.receives(false, true, Some(b)));
        assert!(sup.receives(true, false, Some(b)), "named: its own conversation");
        assert!(sup.receives(false, true, None), "not a campaign's event");
        assert!(!sup.receives(false, false, None));
        assert!(InboxView::All.receives(false, true, Some(b)));
        assert!(InboxView::Agent(me).receives(false, true, Some(b)), "agents: the audience decides");
        assert!(!InboxView::Agent(me).receives(false, false, Some(b)));
    }
}
