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

    /// ORG-3: Administrator has everything; Supervisor supervises the inbox, contacts,
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

/// Whether a holder of `holder` may hand out `granted` (a token's profile): only when it
/// gives nothing the holder lacks. An API token's permissions are never more than its
/// creator's, and a token may not mint one above its own.
pub fn may_grant(holder: &BTreeSet<Permission>, granted: &BTreeSet<Permission>) -> bool {
    granted.is_subset(holder)
}

/// What an API token may do now: its profile's permissions that its creator still holds,
/// so demoting the creator demotes their tokens at once.
pub fn token_permissions(profile: &BTreeSet<Permission>, creator: &BTreeSet<Permission>) -> BTreeSet<Permission> {
    profile.intersection(creator).copied().collect()
}

#[cfg(test)]
mod grant_tests {
    use super::*;

    fn set(ps: &[Permission]) -> BTreeSet<Permission> {
        ps.iter().copied().collect()
    }

    #[test]
    fn a_grant_is_a_subset_of_what_the_granter_holds() {
        let admin = BuiltinProfile::Administrator.permissions();
        let sup = BuiltinProfile::Supervisor.permissions();
        let api_only = set(&[Permission::ApiManage]);
        assert!(may_grant(&admin, &admin));
        assert!(may_grant(&admin, &sup));
        assert!(may_grant(&api_only, &api_only));
        assert!(may_grant(&api_only, &BTreeSet::new()));
        // The request: api.manage alone asking for Administrator or Supervisor.
        assert!(!may_grant(&api_only, &admin));
        assert!(!may_grant(&api_only, &sup));
        assert!(!may_grant(&sup, &admin));
        // One permission more is enough to refuse.
        assert!(!may_grant(&set(&[Permission::ApiManage]), &set(&[Permission::ApiManage, Permission::InboxOwn])));
    }

    #[test]
    fn a_token_acts_with_what_both_its_profile_and_its_creator_hold() {
        let admin = BuiltinProfile::Administrator.permissions();
        let agent = BuiltinProfile::Agent.permissions();
        let sup = BuiltinProfile::Supervisor.permissions();
        assert_eq!(token_permissions(&admin, &admin), admin);
        assert_eq!(token_permissions(&sup, &admin), sup);
        // The creator demoted to Agent: their Administrator token acts as an Agent.
        assert_eq!(token_permissions(&admin, &agent), agent);
        assert_eq!(token_permissions(&admin, &BTreeSet::new()), BTreeSet::new());
    }
}

/// Brute-force protection for one email address: how many failures in a row lock it, and
/// for how long. The count itself lives in the database and changes in one statement
/// (`login_guard`), for addresses with and without an account alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: i64,
    pub lock_for: jiff::SignedDuration,
}

impl LockoutPolicy {
    /// When a lock that begins at `now` ends.
    pub fn lock_until(&self, now: crate::time::Ts) -> crate::time::Ts {
        now.plus(self.lock_for)
    }
}

/// How many recovery mails one address may ask for within a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecoveryPolicy {
    pub max_per_window: i64,
    pub window: jiff::SignedDuration,
}

/// Three mails an hour per address.
pub const RECOVERY_POLICY: RecoveryPolicy =
    RecoveryPolicy { max_per_window: 3, window: jiff::SignedDuration::from_hours(1) };

impl RecoveryPolicy {
    /// A window that began at or before this instant is over at `now`.
    pub fn window_start(&self, now: crate::time::Ts) -> crate::time::Ts {
        now.minus(self.window)
    }

    /// Whether the `count`-th request of a window that began at `began` may go on; when not,
    /// how many seconds until the window ends (at least 1).
    pub fn verdict(&self, count: i64, began: crate::time::Ts, now: crate::time::Ts) -> Result<(), u64> {
        if count <= self.max_per_window {
            return Ok(());
        }
        let ends = began.plus(self.window);
        let micros = ends.as_micros().saturating_sub(now.as_micros());
        let secs = u64::try_from(micros.div_euclid(1_000_000)).unwrap_or(0);
        Err(secs.saturating_add(u64::from(micros.rem_euclid(1_000_000) > 0)).max(1))
    }
}

#[cfg(test)]
mod recovery_tests {
    use super::*;
    use crate::time::Ts;

    #[test]
    fn the_fourth_request_in_an_hour_waits_for_the_window_to_end() {
        let now = Ts::from_micros(1_000_000_000_000);
        let policy = RECOVERY_POLICY;
        for count in 1..=3 {
            assert_eq!(policy.verdict(count, now, now), Ok(()));
        }
        assert_eq!(policy.verdict(4, now, now), Err(3600));
        let later = now.plus(jiff::SignedDuration::from_mins(59));
        assert_eq!(policy.verdict(4, now, later), Err(60));
        let almost = now.plus(jiff::SignedDuration::from_millis(3_599_500));
        assert_eq!(policy.verdict(9, now, almost), Err(1));
        assert_eq!(policy.window_start(later), later.minus(jiff::SignedDuration::from_hours(1)));
    }

    #[test]
    fn locks_last_the_policys_time() {
        let policy = LockoutPolicy { max_failures: 5, lock_for: jiff::SignedDuration::from_mins(15) };
        let now = Ts::from_micros(5);
        assert_eq!(policy.lock_until(now), now.plus(jiff::SignedDuration::from_mins(15)));
    }
}
