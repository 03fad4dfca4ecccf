using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>
/// Notifications kept for their user until read (the bell), and each user's choice of kinds. A
/// notification is unique per (user, source): made of an event or an entry, it is made once however often
/// its source is delivered.
/// </summary>
[Migration(3, "Notifications and each user's kinds of them")]
internal sealed class M0003_CreateNotifications : Migration
{
    public override void Up() => Execute.Sql("""
        create table messaging.notifications (
            id uuid primary key,
            user_id uuid not null,
            kind text not null,
            source_key text not null,
            link_kind text,
            link_id uuid,
            data jsonb not null default '{}',
            created_at timestamptz not null,
            read_at timestamptz
        );
        create unique index ux_notifications_source on messaging.notifications (user_id, source_key);
        create index ix_notifications_user on messaging.notifications (user_id, created_at desc, id desc);
        create index ix_notifications_unread on messaging.notifications (user_id, created_at desc, id desc) where read_at is null;

        create table messaging.notification_settings (
            user_id uuid not null,
            kind text not null,
            enabled boolean not null,
            primary key (user_id, kind)
        );
        """);

    public override void Down() => Execute.Sql("drop table messaging.notification_settings; drop table messaging.notifications;");
}
