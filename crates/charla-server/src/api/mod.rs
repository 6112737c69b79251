//! The REST API under `/api/v1`: one table of routes, from which both the router and the
//! OpenAPI document are built, so neither can miss a route.

pub mod absences;
pub mod audit_log;
pub mod broadcast_report;
pub mod broadcasts;
pub mod campaign_fields;
pub mod channels;
pub mod chatbots;
pub mod contact_fields;
pub mod contact_imports;
pub mod contacts;
pub mod conversations;
pub mod dispositions;
pub mod extract;
pub mod files;
pub mod hierarchy;
pub mod inbox;
pub mod jobs;
pub mod me;
pub mod openapi;
pub mod organization;
pub mod out_of_hours;
pub mod passwords;
pub mod pause_reasons;
pub mod problem;
pub mod profiles;
pub mod queues;
pub mod quick_replies;
pub mod reports;
pub mod session;
pub mod setup;
pub mod simulator;
pub mod surveys;
pub mod system;
pub mod templates;
pub mod tokens;
pub mod users;

use axum::Router;
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use charla_domain::access::Permission;

use crate::channels::simulator::API_TAG as SIMULATOR;
use crate::realtime::ws;
use crate::state::AppState;
use crate::views::Page;
use crate::views::absences::AbsenceView;
use crate::views::audit::AuditEntryView;
use crate::views::broadcasts::{BroadcastDetailView, BroadcastView};
use crate::views::campaigns::{DispositionView, FieldView};
use crate::views::channels::{ChannelView, ChatbotView, TemplateView};
use crate::views::files::FileView;
use crate::views::hierarchy::{CampaignView, ClientView, ProjectView};
use crate::views::jobs::JobView;
use crate::views::pause_reasons::PauseReasonView;
use crate::views::profiles::{PermissionCatalogueView, ProfileView};
use crate::views::queues::QueueView;
use crate::views::quick_replies::{CategoryView, QuickReplyView, RenderedReplyView};
use crate::views::reports::{ConversationReportView, MonitoringView};
use crate::views::setup::SetupStatusView;
use crate::views::tokens::{NewTokenView, TokenView};
use crate::views::users::{StatusChangeView, SupervisionView, UserView, WhoamiView};

/// Largest JSON body a route reads.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any user or token of the organization.
    Member,
    /// A person logged in through the web app; API tokens are refused.
    Session,
    /// Holders of this permission.
    Permission(Permission),
    /// Holders of any of these permissions (the inbox: own, supervise or all).
    AnyOf(&'static [Permission]),
}

/// Whoever works the inbox in any way.
pub const INBOX: Access = Access::AnyOf(&[Permission::InboxOwn, Permission::InboxSupervise, Permission::InboxAll]);

#[derive(Clone, Copy, Debug)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub access: Access,
    /// What a successful call answers.
    pub success: u16,
    /// Largest body this route reads; uploads take the upload setting instead.
    pub upload: bool,
}

pub struct Route {
    pub spec: RouteSpec,
    /// The JSON Schema of the request body, for the OpenAPI document.
    pub body: Option<SchemaOf>,
    /// What a successful call answers, for the OpenAPI document.
    pub answer: Answer,
    pub handler: MethodRouter<AppState>,
}

/// A type's schema, written into the document's shared schemas by the generator it is given.
pub type SchemaOf = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// A route's successful answer as the OpenAPI document describes it.
#[derive(Clone, Copy)]
pub enum Answer {
    /// Not described: a route left so fails the OpenAPI test.
    Unknown,
    /// No body (204, a bare 202, or the WebSocket's 101).
    Empty,
    /// A JSON view: its schema, added to the document's shared schemas.
    Json(SchemaOf),
    /// A file of this media type.
    File(&'static str),
}

impl Route {
    fn upload(mut self) -> Self {
        self.spec.upload = true;
        self
    }

    fn with_body<T: schemars::JsonSchema>(mut self) -> Self {
        self.body = Some(|generator| generator.subschema_for::<T>());
        self
    }

    /// The view a successful call answers.
    fn answers<T: schemars::JsonSchema>(mut self) -> Self {
        self.answer = Answer::Json(|generator| generator.subschema_for::<T>());
        self
    }

    /// A successful call answers no body (a 202 that only says the work is queued).
    fn answers_nothing(mut self) -> Self {
        self.answer = Answer::Empty;
        self
    }

    /// A successful call answers a file of `media_type`.
    fn answers_file(mut self, media_type: &'static str) -> Self {
        self.answer = Answer::File(media_type);
        self
    }
}

fn route(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    access: Access,
    success: u16,
    handler: MethodRouter<AppState>,
) -> Route {
    let answer = if matches!(success, 101 | 204) { Answer::Empty } else { Answer::Unknown };
    Route {
        spec: RouteSpec { method, path, tag, summary, access, success, upload: false },
        body: None,
        answer,
        handler,
    }
}

/// Every route of the API.
#[rustfmt::skip]
pub fn routes() -> Vec<Route> {
    use Access::{Member, Public, Session};
    use Permission::{ApiManage, AuditView, BroadcastsManage, CampaignsManage, ContactsManage, ContactsView, FilesUse, QuickRepliesManage, QuickRepliesUse, ReportsView, SettingsManage, UsersManage};
    use conversations::{actions, messages};
    let p = Access::Permission;
    vec![
        route("get", "/api/v1/setup", "setup", "Whether this server still needs its first organization", Public, 200, get(setup::status)).answers::<SetupStatusView>(),
        route("post", "/api/v1/setup", "setup", "Create the first organization and its administrator", Public, 201, post(setup::create)).with_body::<setup::SetupBody>().answers::<WhoamiView>(),
        route("post", "/api/v1/session", "session", "Log in with email and password", Public, 200, post(session::login)).with_body::<session::LoginBody>().answers::<WhoamiView>(),
        route("delete", "/api/v1/session", "session", "Log out", Session, 204, delete(session::logout)),
        route("delete", "/api/v1/sessions", "session", "Log out everywhere", Session, 204, delete(session::logout_everywhere)),
        route("post", "/api/v1/password-recovery", "session", "Mail a password recovery link", Public, 202, post(passwords::request_recovery)).with_body::<passwords::RecoveryBody>().answers_nothing(),
        route("post", "/api/v1/password-reset", "session", "Set a password from an invitation or recovery link", Public, 204, post(passwords::reset)).with_body::<passwords::ResetBody>(),
        route("get", "/api/v1/me", "me", "The caller, organization and permissions", Member, 200, get(me::get)).answers::<WhoamiView>(),
        route("patch", "/api/v1/me", "me", "Edit one's own profile", Session, 200, patch(me::update)).with_body::<me::MePatch>().answers::<UserView>(),
        route("put", "/api/v1/me/status", "me", "Set one's own status", Session, 200, put(me::set_status)).with_body::<me::StatusBody>().answers::<UserView>(),
        route("get", "/api/v1/realtime", "realtime", "WebSocket of the organization's events", Member, 101, get(ws::connect)),
        route("patch", "/api/v1/organization", "me", "Edit the organization's settings (its time zone)", p(SettingsManage), 200, patch(organization::update)).with_body::<organization::OrganizationPatch>().answers::<crate::views::users::OrganizationView>(),
        route("get", "/api/v1/users", "users", "List users", p(UsersManage), 200, get(users::list)).answers::<Page<UserView>>(),
        route("post", "/api/v1/users", "users", "Invite a user by email", p(UsersManage), 201, post(users::invite)).with_body::<users::InviteBody>().answers::<UserView>(),
        route("get", "/api/v1/users/{id}", "users", "One user", p(UsersManage), 200, get(users::get)).answers::<UserView>(),
        route("patch", "/api/v1/users/{id}", "users", "Edit a user", p(UsersManage), 200, patch(users::update)).with_body::<users::UserPatchBody>().answers::<UserView>(),
        route("delete", "/api/v1/users/{id}", "users", "Deactivate a user", p(UsersManage), 204, delete(users::deactivate)),
        route("post", "/api/v1/users/{id}/reset-password", "users", "Mail a user a password reset link", p(UsersManage), 202, post(users::reset_password)).answers_nothing(),
        route("get", "/api/v1/users/{id}/absence", "users", "A user's absence message (their own, or anyone's for managers)", Member, 200, get(absences::get)).answers::<AbsenceView>(),
        route("put", "/api/v1/users/{id}/absence", "users", "Set a user's absence message", Member, 200, put(absences::put)).with_body::<absences::AbsenceBody>().answers::<AbsenceView>(),
        route("get", "/api/v1/users/{id}/supervision", "users", "The campaigns a user supervises", p(UsersManage), 200, get(users::supervision)).answers::<SupervisionView>(),
        route("put", "/api/v1/users/{id}/supervision", "users", "Replace the campaigns a user supervises", p(UsersManage), 200, put(users::set_supervision)).with_body::<users::SupervisionBody>().answers::<SupervisionView>(),
        route("get", "/api/v1/users/{id}/status-history", "users", "A user's status changes", p(UsersManage), 200, get(users::status_history)).answers::<Page<StatusChangeView>>(),
        route("get", "/api/v1/pause-reasons", "users", "The organization's pause reasons", Member, 200, get(pause_reasons::list)).answers::<Page<PauseReasonView>>(),
        route("post", "/api/v1/pause-reasons", "users", "Add a pause reason", p(UsersManage), 201, post(pause_reasons::create)).with_body::<pause_reasons::NameBody>().answers::<PauseReasonView>(),
        route("patch", "/api/v1/pause-reasons/{id}", "users", "Rename a pause reason", p(UsersManage), 200, patch(pause_reasons::update)).with_body::<pause_reasons::NameBody>().answers::<PauseReasonView>(),
        route("delete", "/api/v1/pause-reasons/{id}", "users", "Delete a pause reason", p(UsersManage), 204, delete(pause_reasons::delete)),
        route("get", "/api/v1/permissions", "profiles", "The permission catalogue by module", p(UsersManage), 200, get(profiles::catalogue)).answers::<PermissionCatalogueView>(),
        route("get", "/api/v1/profiles", "profiles", "List access profiles", p(UsersManage), 200, get(profiles::list)).answers::<Page<ProfileView>>(),
        route("post", "/api/v1/profiles", "profiles", "Create a custom access profile", p(UsersManage), 201, post(profiles::create)).with_body::<profiles::CreateBody>().answers::<ProfileView>(),
        route("get", "/api/v1/profiles/{id}", "profiles", "One access profile", p(UsersManage), 200, get(profiles::get)).answers::<ProfileView>(),
        route("patch", "/api/v1/profiles/{id}", "profiles", "Edit a custom access profile", p(UsersManage), 200, patch(profiles::update)).with_body::<profiles::PatchBody>().answers::<ProfileView>(),
        route("delete", "/api/v1/profiles/{id}", "profiles", "Delete a custom profile; its members lose its permissions", p(UsersManage), 204, delete(profiles::delete)),
        route("get", "/api/v1/profiles/{id}/members", "profiles", "Users with this profile", p(UsersManage), 200, get(users::members)).answers::<Page<UserView>>(),
        route("get", "/api/v1/clients", "hierarchy", "List clients", Member, 200, get(hierarchy::clients::list)).answers::<Page<ClientView>>(),
        route("post", "/api/v1/clients", "hierarchy", "Create a client", p(CampaignsManage), 201, post(hierarchy::clients::create)).with_body::<hierarchy::CreateBody>().answers::<ClientView>(),
        route("get", "/api/v1/clients/{id}", "hierarchy", "One client", Member, 200, get(hierarchy::clients::get)).answers::<ClientView>(),
        route("patch", "/api/v1/clients/{id}", "hierarchy", "Edit or archive a client", p(CampaignsManage), 200, patch(hierarchy::clients::update)).with_body::<hierarchy::PatchBody>().answers::<ClientView>(),
        route("delete", "/api/v1/clients/{id}", "hierarchy", "Archive a client", p(CampaignsManage), 204, delete(hierarchy::clients::archive)),
        route("get", "/api/v1/projects", "hierarchy", "List projects", Member, 200, get(hierarchy::projects::list)).answers::<Page<ProjectView>>(),
        route("post", "/api/v1/projects", "hierarchy", "Create a project", p(CampaignsManage), 201, post(hierarchy::projects::create)).with_body::<hierarchy::CreateBody>().answers::<ProjectView>(),
        route("get", "/api/v1/projects/{id}", "hierarchy", "One project", Member, 200, get(hierarchy::projects::get)).answers::<ProjectView>(),
        route("patch", "/api/v1/projects/{id}", "hierarchy", "Edit or archive a project", p(CampaignsManage), 200, patch(hierarchy::projects::update)).with_body::<hierarchy::PatchBody>().answers::<ProjectView>(),
        route("delete", "/api/v1/projects/{id}", "hierarchy", "Archive a project", p(CampaignsManage), 204, delete(hierarchy::projects::archive)),
        route("get", "/api/v1/campaigns", "hierarchy", "List campaigns", Member, 200, get(hierarchy::campaigns::list)).answers::<Page<CampaignView>>(),
        route("post", "/api/v1/campaigns", "hierarchy", "Create a campaign", p(CampaignsManage), 201, post(hierarchy::campaigns::create)).with_body::<hierarchy::CreateBody>().answers::<CampaignView>(),
        route("get", "/api/v1/campaigns/{id}", "hierarchy", "One campaign", Member, 200, get(hierarchy::campaigns::get)).answers::<CampaignView>(),
        route("patch", "/api/v1/campaigns/{id}", "hierarchy", "Edit or archive a campaign", p(CampaignsManage), 200, patch(hierarchy::campaigns::update)).with_body::<hierarchy::PatchBody>().answers::<CampaignView>(),
        route("delete", "/api/v1/campaigns/{id}", "hierarchy", "Archive a campaign", p(CampaignsManage), 204, delete(hierarchy::campaigns::archive)),
        route("get", "/api/v1/campaigns/{id}/fields", "campaigns", "A campaign's conversation fields", Member, 200, get(campaign_fields::list)).answers::<Page<FieldView>>(),
        route("put", "/api/v1/campaigns/{id}/fields", "campaigns", "Replace a campaign's conversation fields", p(CampaignsManage), 200, put(campaign_fields::replace)).with_body::<campaign_fields::ReplaceBody>().answers::<Page<FieldView>>(),
        route("get", "/api/v1/dispositions", "campaigns", "Dispositions, by project", Member, 200, get(dispositions::list)).answers::<Page<DispositionView>>(),
        route("post", "/api/v1/dispositions", "campaigns", "Create a disposition in a project", p(CampaignsManage), 201, post(dispositions::create)).with_body::<dispositions::CreateBody>().answers::<DispositionView>(),
        route("get", "/api/v1/dispositions/{id}", "campaigns", "One disposition", Member, 200, get(dispositions::get)).answers::<DispositionView>(),
        route("patch", "/api/v1/dispositions/{id}", "campaigns", "Rename or archive a disposition", p(CampaignsManage), 200, patch(dispositions::update)).with_body::<dispositions::PatchBody>().answers::<DispositionView>(),
        route("delete", "/api/v1/dispositions/{id}", "campaigns", "Archive a disposition", p(CampaignsManage), 204, delete(dispositions::archive)),
        route("get", "/api/v1/queues", "queues", "Queues with their waiting counts and members", Member, 200, get(queues::list)).answers::<Page<QueueView>>(),
        route("post", "/api/v1/queues", "queues", "Create a queue in a campaign", p(CampaignsManage), 201, post(queues::create)).with_body::<queues::CreateBody>().answers::<QueueView>(),
        route("get", "/api/v1/queues/{id}", "queues", "One queue", Member, 200, get(queues::get)).answers::<QueueView>(),
        route("patch", "/api/v1/queues/{id}", "queues", "Rename a queue, set its members, archive it", p(CampaignsManage), 200, patch(queues::update)).with_body::<queues::PatchBody>().answers::<QueueView>(),
        route("delete", "/api/v1/queues/{id}", "queues", "Archive a queue (not the default one)", p(CampaignsManage), 204, delete(queues::archive)),
        route("get", "/api/v1/channels", "channels", "List channels", Member, 200, get(channels::list)).answers::<Page<ChannelView>>(),
        route("post", "/api/v1/channels", "channels", "Create a channel", p(SettingsManage), 201, post(channels::create)).with_body::<channels::CreateBody>().answers::<ChannelView>(),
        route("get", "/api/v1/channels/{id}", "channels", "One channel", Member, 200, get(channels::get)).answers::<ChannelView>(),
        route("patch", "/api/v1/channels/{id}", "channels", "Edit or archive a channel", p(SettingsManage), 200, patch(channels::update)).with_body::<channels::PatchBody>().answers::<ChannelView>(),
        route("delete", "/api/v1/channels/{id}", "channels", "Archive a channel", p(SettingsManage), 204, delete(channels::archive)),
        route("get", "/api/v1/channels/{id}/chatbot", "channels", "A channel's chatbot and survey settings, with the default texts", p(SettingsManage), 200, get(chatbots::get)).answers::<ChatbotView>(),
        route("put", "/api/v1/channels/{id}/chatbot", "channels", "Replace a channel's chatbot and survey settings", p(SettingsManage), 200, put(chatbots::put)).with_body::<chatbots::ChatbotBody>().answers::<ChatbotView>(),
        route("post", "/api/v1/channels/{id}/sync-templates", "channels", "Read the number's templates again", p(SettingsManage), 202, post(templates::sync)).answers_nothing(),
        route("get", "/api/v1/templates", "templates", "A WhatsApp number's templates and their status", INBOX, 200, get(templates::list)).answers::<Page<TemplateView>>(),
        route("post", "/api/v1/templates", "templates", "Create a template and submit it for Meta's review", p(Permission::BroadcastsManage), 201, post(templates::create)).with_body::<templates::CreateBody>().answers::<TemplateView>(),
        route("get", "/api/v1/broadcasts", "broadcasts", "Broadcasts, newest first", p(BroadcastsManage), 200, get(broadcasts::list)).answers::<Page<BroadcastView>>(),
        route("post", "/api/v1/broadcasts", "broadcasts", "Create a draft broadcast from a CSV or XLSX sheet (multipart), every row checked", p(BroadcastsManage), 201, post(broadcasts::create)).upload().answers::<BroadcastDetailView>(),
        route("get", "/api/v1/broadcasts/{id}", "broadcasts", "One broadcast with the rows its sheet left out", p(BroadcastsManage), 200, get(broadcasts::get)).answers::<BroadcastDetailView>(),
        route("get", "/api/v1/broadcasts/{id}/messages", "broadcasts", "A broadcast's messages with status, stages and times; ?status= filters", p(BroadcastsManage), 200, get(broadcasts::messages)).answers::<Page<crate::views::broadcast_messages::BroadcastMessageView>>(),
        route("get", "/api/v1/broadcasts/{id}/invalid-rows.csv", "broadcasts", "The rows a broadcast's sheet left out as CSV: row, column, code, message", p(BroadcastsManage), 200, get(broadcasts::invalid_rows_csv)).answers_file("text/csv"),
        route("get", "/api/v1/broadcasts/{id}/messages.csv", "broadcasts", "A broadcast's messages as CSV with status, stages and times; ?status= filters", p(BroadcastsManage), 200, get(broadcasts::messages_csv)).answers_file("text/csv"),
        route("post", "/api/v1/broadcasts/{id}/start", "broadcasts", "Send a draft now, or at its start_at", p(BroadcastsManage), 200, post(broadcasts::start)).answers::<BroadcastDetailView>(),
        route("post", "/api/v1/broadcasts/{id}/pause", "broadcasts", "Pause a scheduled or sending broadcast", p(BroadcastsManage), 200, post(broadcasts::pause)).answers::<BroadcastDetailView>(),
        route("post", "/api/v1/broadcasts/{id}/resume", "broadcasts", "Resume a paused broadcast", p(BroadcastsManage), 200, post(broadcasts::resume)).answers::<BroadcastDetailView>(),
        route("post", "/api/v1/broadcasts/{id}/cancel", "broadcasts", "Cancel a broadcast; what has not left stays unsent", p(BroadcastsManage), 200, post(broadcasts::cancel)).answers::<BroadcastDetailView>(),
        route("get", "/api/v1/reports/broadcasts", "broadcasts", "OUT-6: outbound templates over a period by broadcast or origin and by day; filters number, origin, broadcast", p(BroadcastsManage), 200, get(broadcast_report::get)).answers::<crate::views::broadcast_report::BroadcastReportView>(),
        route("get", "/api/v1/reports/broadcasts.csv", "broadcasts", "The broadcast report as CSV, with the same filters", p(BroadcastsManage), 200, get(broadcast_report::csv)).answers_file("text/csv"),
        route("get", "/api/v1/simulator/{id}/messages", SIMULATOR, "The simulator's messages of every customer, oldest first", INBOX, 200, get(simulator::list)).answers::<Page<crate::views::simulator::SimulatorMessageView>>(),
        route("post", "/api/v1/simulator/{id}/messages", SIMULATOR, "Write as the simulator's customer", INBOX, 201, post(simulator::write)).with_body::<simulator::WriteBody>().answers::<crate::views::simulator::SimulatorMessageView>(),
        route("post", "/api/v1/simulator/{id}/read", SIMULATOR, "The simulator's customer read the agent's replies", INBOX, 204, post(simulator::read)).with_body::<simulator::ReadBody>(),
        route("get", "/api/v1/contacts", "contacts", "List and search contacts", p(ContactsView), 200, get(contacts::list)).answers::<Page<crate::views::contacts::ContactView>>(),
        route("post", "/api/v1/contacts", "contacts", "Create a contact", p(ContactsManage), 201, post(contacts::create)).with_body::<contacts::ContactBody>().answers::<crate::views::contacts::ContactDetailView>(),
        route("post", "/api/v1/contacts/imports", "contacts", "Import contacts from a CSV or XLSX sheet (multipart `file`); a job reads it", p(ContactsManage), 202, post(contact_imports::create)).upload().answers::<crate::views::contact_imports::ContactImportQueuedView>(),
        route("get", "/api/v1/contacts/imports/{id}", "contacts", "An import's progress and the cells it did not take", p(ContactsManage), 200, get(contact_imports::get)).answers::<crate::views::contact_imports::ContactImportView>(),
        route("get", "/api/v1/contacts/export", "contacts", "The contacts the list's filters find, as CSV", p(ContactsView), 200, get(contact_imports::export)).answers_file("text/csv"),
        route("get", "/api/v1/contacts/{id}", "contacts", "One contact with identities, tags, notes and conversations", p(ContactsView), 200, get(contacts::get)).answers::<crate::views::contacts::ContactDetailView>(),
        route("patch", "/api/v1/contacts/{id}", "contacts", "Edit a contact", p(ContactsManage), 200, patch(contacts::update)).with_body::<contacts::ContactBody>().answers::<crate::views::contacts::ContactDetailView>(),
        route("get", "/api/v1/contact-fields", "contacts", "The organization's custom contact fields", p(ContactsView), 200, get(contact_fields::list)).answers::<Page<crate::views::contact_fields::ContactFieldView>>(),
        route("post", "/api/v1/contact-fields", "contacts", "Define a custom contact field", p(SettingsManage), 201, post(contact_fields::create)).with_body::<contact_fields::NewFieldBody>().answers::<crate::views::contact_fields::ContactFieldView>(),
        route("patch", "/api/v1/contact-fields/{id}", "contacts", "Rename, re-order, change the options of, archive or restore a contact field", p(SettingsManage), 200, patch(contact_fields::update)).with_body::<contact_fields::FieldPatchBody>().answers::<crate::views::contact_fields::ContactFieldView>(),
        route("post", "/api/v1/contacts/{id}/notes", "contacts", "Add a note to a contact", p(ContactsView), 201, post(contacts::add_note)).with_body::<contacts::NoteBody>().answers::<crate::views::contacts::NoteView>(),
        route("patch", "/api/v1/contact-notes/{id}", "contacts", "Pin or unpin a contact's note", p(ContactsView), 200, patch(contacts::pin_note)).with_body::<contacts::PinBody>().answers::<crate::views::contacts::NoteView>(),
        route("get", "/api/v1/conversations", "conversations", "The inbox: filters, search, keyset pages", INBOX, 200, get(conversations::list)).answers::<Page<crate::views::inbox::ConversationView>>(),
        route("post", "/api/v1/conversations", "conversations", "Reach a contact first: a template, or a text inside their 24-hour window", INBOX, 201, post(conversations::start::start)).with_body::<conversations::start::StartBody>().answers::<crate::views::conversations::StartedConversationView>(),
        route("post", "/api/v1/conversations/mass-transfer", "conversations", "Transfer many conversations at once", INBOX, 200, post(actions::mass_transfer)).with_body::<actions::MassTransferBody>().answers::<crate::views::conversations::MassTransferView>(),
        route("get", "/api/v1/conversations/{id}", "conversations", "One conversation with its contact and history", INBOX, 200, get(conversations::get)).answers::<crate::views::conversations::ConversationDetailView>(),
        route("get", "/api/v1/conversations/{id}/messages", "conversations", "A conversation's messages, newest page first", INBOX, 200, get(messages::list)).answers::<Page<crate::views::inbox::MessageView>>(),
        route("post", "/api/v1/conversations/{id}/messages", "conversations", "Reply (queued in the outbox) or add a private note", INBOX, 202, post(messages::send)).with_body::<messages::SendBody>().answers::<crate::views::inbox::MessageView>(),
        route("post", "/api/v1/conversations/{id}/messages/{message_id}/reaction", "conversations", "React to a message (queued in the outbox); an empty emoji takes the reaction off", INBOX, 202, post(messages::react)).with_body::<messages::ReactionBody>().answers::<crate::views::inbox::MessageView>(),
        route("post", "/api/v1/conversations/{id}/accept", "conversations", "Take a waiting conversation", INBOX, 200, post(actions::accept)).answers::<crate::views::inbox::ConversationView>(),
        route("post", "/api/v1/conversations/{id}/assign", "conversations", "Assign to an agent", INBOX, 200, post(actions::assign)).with_body::<actions::AssignBody>().answers::<crate::views::inbox::ConversationView>(),
        route("post", "/api/v1/conversations/{id}/unassign", "conversations", "Back to the queue", INBOX, 200, post(actions::unassign)).answers::<crate::views::inbox::ConversationView>(),
        route("post", "/api/v1/conversations/{id}/transfer", "conversations", "Transfer to an agent, a queue or a campaign", INBOX, 200, post(actions::transfer)).with_body::<actions::TransferBody>().answers::<crate::views::inbox::ConversationView>(),
        route("post", "/api/v1/conversations/{id}/close", "conversations", "Close with a disposition and the campaign's fields", INBOX, 200, post(actions::close)).with_body::<actions::CloseBody>().answers::<crate::views::inbox::ConversationView>(),
        route("post", "/api/v1/conversations/{id}/read", "conversations", "Mark read", INBOX, 200, post(actions::read)).answers::<crate::views::inbox::ConversationView>(),
        route("post", "/api/v1/conversations/{id}/typing", "conversations", "The agent is typing (shown to a web chat visitor)", INBOX, 204, post(actions::typing)),
        route("post", "/api/v1/conversations/{id}/bot", "conversations", "Pause or resume the bot", INBOX, 200, post(actions::bot)).with_body::<actions::BotBody>().answers::<crate::views::inbox::ConversationView>(),
        route("get", "/api/v1/out-of-hours-contacts", "conversations", "Who wrote outside hours in the last 7 days", INBOX, 200, get(out_of_hours::list)).answers::<crate::views::out_of_hours::OutOfHoursListView>(),
        route("post", "/api/v1/out-of-hours-contacts/{id}/send", "conversations", "Reach an out-of-hours contact back with a template or text", INBOX, 202, post(out_of_hours::send)).with_body::<out_of_hours::SendBody>().answers::<crate::views::out_of_hours::OutOfHoursSentView>(),
        route("get", "/api/v1/surveys", "reports", "Answered surveys with their CSAT and NPS summary", p(ReportsView), 200, get(surveys::list)).answers::<crate::views::surveys::SurveyListView>(),
        route("get", "/api/v1/history", "conversations", "Conversations of the last 3 months", INBOX, 200, get(conversations::history)).answers::<Page<crate::views::inbox::ConversationView>>(),
        route("get", "/api/v1/inbox/counts", "conversations", "The caller's unread and assigned counts and queue lengths", INBOX, 200, get(inbox::counts)).answers::<crate::views::desk::InboxCountsView>(),
        route("get", "/api/v1/agents", "conversations", "The organization's agents with status and load", INBOX, 200, get(inbox::agents)).answers::<Page<crate::views::desk::InboxAgentView>>(),
        route("get", "/api/v1/assignment-log", "reports", "Assignment changes with their source", p(ReportsView), 200, get(inbox::assignment_log)).answers::<Page<crate::views::desk::AssignmentView>>(),
        route("get", "/api/v1/notifications", "me", "The caller's notifications", Member, 200, get(inbox::notifications)).answers::<Page<crate::views::desk::NotificationView>>(),
        route("post", "/api/v1/notifications/{id}/read", "me", "Mark a notification read", Member, 204, post(inbox::read_notification)),
        route("get", "/api/v1/quick-reply-categories", "quick_replies", "Quick reply categories", p(QuickRepliesUse), 200, get(quick_replies::categories)).answers::<Page<CategoryView>>(),
        route("post", "/api/v1/quick-reply-categories", "quick_replies", "Create a category", p(QuickRepliesManage), 201, post(quick_replies::create_category)).with_body::<quick_replies::CategoryBody>().answers::<CategoryView>(),
        route("patch", "/api/v1/quick-reply-categories/{id}", "quick_replies", "Rename a category", p(QuickRepliesManage), 200, patch(quick_replies::update_category)).with_body::<quick_replies::CategoryBody>().answers::<CategoryView>(),
        route("delete", "/api/v1/quick-reply-categories/{id}", "quick_replies", "Delete a category (its replies stay)", p(QuickRepliesManage), 204, delete(quick_replies::delete_category)),
        route("get", "/api/v1/quick-replies", "quick_replies", "Quick replies", p(QuickRepliesUse), 200, get(quick_replies::list)).answers::<Page<QuickReplyView>>(),
        route("post", "/api/v1/quick-replies", "quick_replies", "Create a quick reply", p(QuickRepliesManage), 201, post(quick_replies::create)).with_body::<quick_replies::ReplyBody>().answers::<QuickReplyView>(),
        route("get", "/api/v1/quick-replies/{id}", "quick_replies", "One quick reply", p(QuickRepliesUse), 200, get(quick_replies::get)).answers::<QuickReplyView>(),
        route("patch", "/api/v1/quick-replies/{id}", "quick_replies", "Edit a quick reply", p(QuickRepliesManage), 200, patch(quick_replies::update)).with_body::<quick_replies::ReplyBody>().answers::<QuickReplyView>(),
        route("delete", "/api/v1/quick-replies/{id}", "quick_replies", "Delete a quick reply", p(QuickRepliesManage), 204, delete(quick_replies::delete)),
        route("post", "/api/v1/quick-replies/{id}/render", "quick_replies", "The reply with a conversation's variables filled in", p(QuickRepliesUse), 200, post(quick_replies::render_for)).with_body::<quick_replies::RenderBody>().answers::<RenderedReplyView>(),
        route("post", "/api/v1/files", "files", "Upload a file (raw body, its Content-Type)", p(FilesUse), 201, post(files::upload)).upload().answers::<FileView>(),
        route("get", "/api/v1/files", "files", "The file library", p(FilesUse), 200, get(files::library)).answers::<Page<FileView>>(),
        route("get", "/api/v1/files/{id}", "files", "One file's details", p(FilesUse), 200, get(files::get)).answers::<FileView>(),
        route("get", "/api/v1/files/{id}/content", "files", "A file's bytes", Member, 200, get(files::content)).answers_file("application/octet-stream"),
        route("delete", "/api/v1/files/{id}", "files", "Take a file out of the library", p(FilesUse), 204, delete(files::remove)),
        route("get", "/api/v1/tokens", "tokens", "List API tokens", p(ApiManage), 200, get(tokens::list)).answers::<Page<TokenView>>(),
        route("post", "/api/v1/tokens", "tokens", "Create an API token (shown once)", p(ApiManage), 201, post(tokens::create)).with_body::<tokens::CreateBody>().answers::<NewTokenView>(),
        route("get", "/api/v1/tokens/{id}", "tokens", "One API token", p(ApiManage), 200, get(tokens::get)).answers::<TokenView>(),
        route("delete", "/api/v1/tokens/{id}", "tokens", "Revoke an API token", p(ApiManage), 204, delete(tokens::revoke)),
        route("get", "/api/v1/audit-log", "audit", "Administrative changes, newest first", p(AuditView), 200, get(audit_log::list)).answers::<Page<AuditEntryView>>(),
        route("get", "/api/v1/reports/conversations", "reports", "REP-2's conversation figures over a period, grouped", p(ReportsView), 200, get(reports::conversations)).answers::<ConversationReportView>(),
        route("get", "/api/v1/reports/agents", "reports", "Each agent's tickets and times over a period, by name", p(ReportsView), 200, get(reports::agents)).answers::<crate::views::reports::AgentReportView>(),
        route("get", "/api/v1/reports/leaderboard", "reports", "Agents ranked by attended tickets, faster attention breaking ties", p(ReportsView), 200, get(reports::leaderboard)).answers::<crate::views::reports::AgentReportView>(),
        route("get", "/api/v1/monitoring", "reports", "The contact center right now: queues, attention, today and agents", p(Permission::MonitoringView), 200, get(reports::monitoring)).answers::<MonitoringView>(),
        route("get", "/api/v1/jobs", "jobs", "Background jobs and their failures", p(SettingsManage), 200, get(jobs::list)).answers::<Page<JobView>>(),
        route("get", "/api/v1/openapi.json", "system", "This document", Public, 200, get(system::openapi)).answers::<serde_json::Map<String, serde_json::Value>>(),
    ]
}

/// The API router; each route first authorizes its caller as the table says, before any
/// body is read, so a caller without the right gets 403 whatever it sent.
pub fn router(state: &AppState) -> Router<AppState> {
    let upload_limit = state.settings.max_upload_mb.max(1) * 1024 * 1024;
    routes().into_iter().fold(Router::new(), |router, r| {
        let access = r.spec.access;
        let guard = axum::middleware::from_fn_with_state(state.clone(), move |s, req, next| {
            crate::auth::guard::authorize(s, access, req, next)
        });
        let limit = if r.spec.upload { upload_limit } else { BODY_LIMIT };
        router.route(r.spec.path, r.handler.route_layer(guard).layer(axum::extract::DefaultBodyLimit::max(limit)))
    })
}
