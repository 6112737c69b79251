//! Access profiles and the catalogue of permissions they are made of.

use charla_db::repo::profiles::ProfileRow;
use charla_domain::access::CATALOGUE;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ProfileView {
    pub id: Uuid,
    pub name: String,
    /// The built-in profile's code (`administrator`, `supervisor`, `agent`), or null for a
    /// custom profile; built-ins cannot be edited or deleted.
    pub builtin: Option<String>,
    /// The permission codes the profile grants (see `GET /permissions`).
    pub permissions: Vec<String>,
    /// Users holding the profile.
    pub member_count: i64,
}

impl ProfileView {
    pub fn new(row: &ProfileRow, permissions: Vec<String>) -> Self {
        ProfileView {
            id: row.id,
            name: row.name.clone(),
            builtin: row.builtin.clone(),
            permissions,
            member_count: row.member_count,
        }
    }
}

/// The permission catalogue, grouped by module.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PermissionCatalogueView {
    pub modules: Vec<PermissionModuleView>,
}

/// One module's permissions.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PermissionModuleView {
    /// The module's code, such as `inbox` or `users`.
    pub module: String,
    /// Its permission codes, such as `inbox.own`.
    pub permissions: Vec<String>,
}

impl PermissionCatalogueView {
    /// Every permission there is, from `charla_domain::access::CATALOGUE`.
    pub fn all() -> Self {
        let modules = CATALOGUE
            .iter()
            .map(|(module, permissions)| PermissionModuleView {
                module: (*module).to_owned(),
                permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
            })
            .collect();
        PermissionCatalogueView { modules }
    }
}
