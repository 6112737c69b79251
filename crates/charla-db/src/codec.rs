//! `DbTs`: a `Ts` as INTEGER microseconds on SQLite and TIMESTAMPTZ on PostgreSQL.

use charla_domain::time::Ts;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueFormat, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

/// Microseconds between 1970-01-01 and PostgreSQL's epoch, 2000-01-01.
const PG_EPOCH_OFFSET_MICROS: i64 = 946_684_800_000_000;
const TIMESTAMPTZ_OID: u32 = 1184;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DbTs(pub Ts);

impl From<Ts> for DbTs {
    fn from(ts: Ts) -> Self {
        DbTs(ts)
    }
}

impl From<DbTs> for Ts {
    fn from(ts: DbTs) -> Self {
        ts.0
    }
}

impl Type<Sqlite> for DbTs {
    fn type_info() -> SqliteTypeInfo {
        <i64 as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <i64 as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for DbTs {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        <i64 as Encode<Sqlite>>::encode_by_ref(&self.0.as_micros(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for DbTs {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let micros = <i64 as Decode<Sqlite>>::decode(value)?;
        Ok(DbTs(Ts::from_micros(micros)))
    }
}

impl Type<Postgres> for DbTs {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(TIMESTAMPTZ_OID))
    }
}

impl Encode<'_, Postgres> for DbTs {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let since_pg_epoch = self.0.as_micros() - PG_EPOCH_OFFSET_MICROS;
        buf.extend_from_slice(&since_pg_epoch.to_be_bytes());
        Ok(IsNull::No)
    }
}

impl<'r> Decode<'r, Postgres> for DbTs {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        match value.format() {
            PgValueFormat::Binary => {
                let bytes: [u8; 8] = value.as_bytes()?.try_into()?;
                let micros = i64::from_be_bytes(bytes) + PG_EPOCH_OFFSET_MICROS;
                Ok(DbTs(Ts::from_micros(micros)))
            }
            PgValueFormat::Text => {
                // PostgreSQL's text form: "2026-11-25 10:00:00.123456+00".
                let text = value.as_str()?.replacen(' ', "T", 1);
                let text = if text.ends_with("+00") { format!("{text}:00") } else { text };
                let t: jiff::Timestamp = text.parse()?;
                Ok(DbTs(Ts::from_timestamp(t)))
            }
        }
    }
}
