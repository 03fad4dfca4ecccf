using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>
/// The team chat: channels (public: everyone reads and writes; private: its members only; direct: two
/// users, one conversation per pair by <c>direct_key</c>), their members, messages, and where each user
/// stopped reading each channel (unread counts are the messages after it). The public «Отдел продаж» is
/// made here, with a fixed id.
/// </summary>
[Migration(4, "Team chat: channels, members, messages, reads; «Отдел продаж»")]
internal sealed class M0004_CreateChat : Migration
{
    public override void Up() => Execute.Sql("""
        create table messaging.channels (
            id uuid primary key,
            version int not null default 1,
            kind text not null check (kind in ('public', 'private', 'direct')),
            name text,
            direct_key text,
            created_by uuid,
            created_at timestamptz not null,
            last_message_at timestamptz
        );
        create unique index ux_channels_direct on messaging.channels (direct_key) where direct_key is not null;

        create table messaging.channel_members (
            channel_id uuid not null,
            user_id uuid not null,
            joined_at timestamptz not null,
            primary key (channel_id, user_id)
        );
        create index ix_channel_members_user on messaging.channel_members (user_id, channel_id);

        create table messaging.messages (
            id uuid primary key,
            version int not null default 1,
            channel_id uuid not null,
            author_id uuid not null,
            text text not null,
            created_at timestamptz not null,
            edited_at timestamptz
        );
        create index ix_messages_channel on messaging.messages (channel_id, created_at desc, id desc);

        create table messaging.channel_reads (
            channel_id uuid not null,
            user_id uuid not null,
            read_at timestamptz not null,
            read_id uuid not null,
            primary key (user_id, channel_id)
        );

        insert into messaging.channels (id, kind, name, created_at)
        values ('0193a000-0000-7000-8000-00000000c001', 'public', 'Отдел продаж', now());
        """);

    public override void Down() => Execute.Sql("""
        drop table messaging.channel_reads; drop table messaging.messages; drop table messaging.channel_members; drop table messaging.channels;
        """);
}
