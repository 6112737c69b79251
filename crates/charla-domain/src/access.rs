//! Access profiles: named sets of permissions per module, and the built-in three.

use std::collections::BTreeSet;

/// Every permission, grouped by module. The order is the order the web app shows.
pub const CATALOGUE: &[(&str, &[&str])] = &[
    ("inbox", &["inbox.own", "inbox.supervise", "inbox.all"]),
    ("contacts", &["contacts.view", "contacts.manage"]),
    ("quick_replies", &["quick_replies.use", "quick_replies.manage"]),
    ("files", &["files.use"]),
    ("campaigns", &["campaigns.manage"]),
    ("broadcasts", &["broadcasts.manage"]),
    ("monitoring", &["monitoring.view"]),
    ("reports", &["reports.view"]),
    ("charts", &["charts.view"]),
    ("settings", &["settings.manage"]),
    ("users", &["users.manage"]),
    ("api", &["api.manage"]),
    ("audit", &["audit.view"]),
];

/// A permission a route can require.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    InboxOwn,
    InboxSupervise,
    InboxAll,
    ContactsView,
    ContactsManage,
    QuickRepliesUse,
    QuickRepliesManage,
    FilesUse,
    CampaignsManage,
    BroadcastsManage,
    MonitoringView,
    ReportsView,
    ChartsView,
    SettingsManage,
    UsersManage,
    ApiManage,
    AuditView,
}

impl Permission {
    pub const ALL: [Permission; 17] = [
        Permission::InboxOwn,
        Permission::InboxSupervise,
        Permission::InboxAll,
        Permission::ContactsView,
        Permission::ContactsManage,
        Permission::QuickRepliesUse,
        Permission::QuickRepliesManage,
        Permission::FilesUse,
        Permission::CampaignsManage,
        Permission::BroadcastsManage,
        Permission::MonitoringView,
        Permission::ReportsView,
        Permission::ChartsView,
        Permission::SettingsManage,
        Permission::UsersManage,
        Permission::ApiManage,
        Permission::AuditView,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Permission::InboxOwn => "inbox.own",
            Permission::InboxSupervise => "inbox.supervise",
            Permission::InboxAll => "inbox.all",
            Permission::ContactsView => "contacts.view",
            Permission::ContactsManage => "contacts.manage",
            Permission::QuickRepliesUse => "quick_replies.use",
            Permission::QuickRepliesManage => "quick_replies.manage",
            Permission::FilesUse => "files.use",
            Permission::CampaignsManage => "campaigns.manage",
            Permission::BroadcastsManage => "broadcasts.manage",
            Permission::MonitoringView => "monitoring.view",
            Permission::ReportsView => "reports.view",
            Permission::ChartsView => "charts.view",
            Permission::SettingsManage => "settings.manage",
            Permission::UsersManage => "users.manage",
            Permission::ApiManage => "api.manage",
            Permission::AuditView => "audit.view",
        }
    }

    pub fn parse(code: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The three profiles every organization starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltinProfile {
    Administrator,
    Supervisor,
    Agent,
}

impl BuiltinProfile {
    pub const ALL: [BuiltinProfile; 3] =
        [BuiltinProfile::Administrator, BuiltinProfile::Supervisor, BuiltinProfile::Agent];

    pub const fn code(self) -> &'static str {
        match self {
            BuiltinProfile::Administrator => "administrator",
            BuiltinProfile::Supervisor => "supervisor",
            BuiltinProfile::Agent => "agent",
        }
    }

    pub fn parse(code: &str) -> Option<BuiltinProfile> {
        BuiltinProfile::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The name a new organization's profile gets; admins may not rename built-ins.
    pub const fn default_name(self) -> &'static str {
        match self {
            BuiltinProfile::Administrator => "Administrator",
            BuiltinProfile::Supervisor => "Supervisor",
            BuiltinProfile::Agent => "Agent",
        }
    }

    /// SPEC ORG-3: Administrator has everything; Supervisor supervises the inbox, contacts,
    /// quick replies, broadcasts, monitoring, reports and charts but not users, profiles,
    /// settings or API tokens; Agent works its own and its queues' conversations.
    pub fn permissions(self) -> BTreeSet<Permission> {
        use Permission::*;
        match self {
            BuiltinProfile::Administrator => Permission::ALL.into_iter().collect(),
            BuiltinProfile::Supervisor => [
                InboxOwn,
                InboxSupervise,
                ContactsView,
                ContactsManage,
                QuickRepliesUse,
                QuickRepliesManage,
                FilesUse,
                BroadcastsManage,
                MonitoringView,
                ReportsView,
                ChartsView,
            ]
            .into_iter()
            .collect(),
            BuiltinProfile::Agent => [InboxOwn, ContactsView, QuickRepliesUse, FilesUse].into_iter().collect(),
        }
    }
}

/// Parses a requested permission list; unknown codes are reported by position.
pub fn parse_permissions(codes: &[String]) -> Result<BTreeSet<Permission>, Vec<usize>> {
    let mut unknown = Vec::new();
    let mut set = BTreeSet::new();
    for (i, code) in codes.iter().enumerate() {
        match Permission::parse(code) {
            Some(p) => {
                set.insert(p);
            }
            None => unknown.push(i),
        }
    }
    if unknown.is_empty() { Ok(set) } else { Err(unknown) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_lists_every_permission_once() {
        let listed: Vec<&str> = CATALOGUE.iter().flat_map(|(_, ps)| ps.iter().copied()).collect();
        let codes: Vec<&str> = Permission::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(listed, codes);
        for code in listed {
            assert_eq!(Permission::parse(code).map(Permission::code), Some(code));
        }
    }

    #[test]
    fn supervisor_cannot_manage_users_settings_or_tokens() {
        let sup = BuiltinProfile::Supervisor.permissions();
        for p in [Permission::UsersManage, Permission::SettingsManage, Permission::ApiManage] {
            assert!(!sup.contains(&p));
        }
        assert!(sup.contains(&Permission::MonitoringView));
    }

    #[test]
    fn agent_is_a_subset_of_supervisor_which_is_a_subset_of_admin() {
        let admin = BuiltinProfile::Administrator.permissions();
        let sup = BuiltinProfile::Supervisor.permissions();
        let agent = BuiltinProfile::Agent.permissions();
        assert!(agent.is_subset(&sup));
        assert!(sup.is_subset(&admin));
        assert_eq!(admin.len(), Permission::ALL.len());
    }

    #[test]
    fn unknown_permissions_are_reported_by_position() {
        let codes = vec!["inbox.own".to_owned(), "nope".to_owned()];
        assert_eq!(parse_permissions(&codes), Err(vec![1]));
    }
}

/// Brute-force protection for one account: how many failures lock it, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: i64,
    pub lock_for: jiff::SignedDuration,
}

/// The account's state after one more failed login: the new failure count, and when a
/// lock ends if this failure reached the limit (the count then starts again).
pub fn after_failed_login(
    policy: LockoutPolicy,
    failures_so_far: i64,
    now: crate::time::Ts,
) -> (i64, Option<crate::time::Ts>) {
    let failures = failures_so_far.saturating_add(1);
    if failures >= policy.max_failures { (0, Some(now.plus(policy.lock_for))) } else { (failures, None) }
}

#[cfg(test)]
mod lockout_tests {
    use super::*;
    use crate::time::Ts;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn locks_exactly_at_the_limit(max in 1i64..20, start in 0i64..1_000_000) {
            let policy = LockoutPolicy { max_failures: max, lock_for: jiff::SignedDuration::from_mins(15) };
            let now = Ts::from_micros(start);
            let mut failures = 0;
            for attempt in 1..=max {
                let (next, locked) = after_failed_login(policy, failures, now);
                if attempt < max {
                    prop_assert!(locked.is_none());
                    prop_assert_eq!(next, attempt);
                } else {
                    prop_assert_eq!(locked, Some(now.plus(policy.lock_for)));
                    prop_assert_eq!(next, 0);
                }
                failures = next;
            }
        }
    }
}
