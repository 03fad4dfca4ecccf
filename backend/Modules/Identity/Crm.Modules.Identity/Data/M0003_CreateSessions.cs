using FluentMigrator;

namespace Crm.Modules.Identity.Data;

/// <summary>
/// Browser sessions kept on the server: the cookie carries the session id, and a session that has
/// ended (sign-out, sign-out everywhere, password change) is refused even if its cookie is replayed.
/// Cookies issued before this migration carry no session id, so everyone signs in once more.
/// </summary>
[Migration(3, "Sessions")]
internal sealed class M0003_CreateSessions : Migration
{
    public override void Up() => Execute.Sql("""
        create table identity.sessions (
            id uuid primary key,
            user_id uuid not null references identity.users (id),
            created_at timestamptz not null,
            last_seen_at timestamptz not null,
            ended_at timestamptz
        );
        create index ix_sessions_user_open on identity.sessions (user_id) where ended_at is null;
        """);

    public override void Down() => Execute.Sql("drop table identity.sessions;");
}
