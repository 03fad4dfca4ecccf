using FluentMigrator;

namespace Crm.Modules.Inbox.Data;

/// <summary>
/// Shared mailboxes and the mails taken from them. A mailbox row holds its settings (the password only
/// as Data Protection ciphertext), where reading stands (the folder's UIDVALIDITY and the last UID taken),
/// how the last attempt went, and a lease: the instance polling it now and until when (two instances
/// never read one mailbox at once). <c>inbox.mails</c> has one row for every mail taken, whose key
/// (mailbox, UIDVALIDITY, UID) is what makes each mail a request exactly once; Message-IDs join replies to
/// their request. Attachments are kept apart, their content only up to the reader's caps.
/// </summary>
[Migration(5, "Shared mailboxes, the mails taken from them and their attachments")]
internal sealed class M0005_CreateMailboxes : Migration
{
    public override void Up() => Execute.Sql("""
        create table inbox.mailboxes (
            id uuid primary key,
            version int not null default 1,
            name text not null,
            host text not null,
            port int not null,
            security text not null check (security in ('none', 'startTls', 'tls')),
            user_name text not null,
            password_protected text not null,
            folder text not null,
            pipeline_id uuid not null,
            accept_self_signed boolean not null default false,
            enabled boolean not null default true,
            created_at timestamptz not null,
            uid_validity bigint,
            last_uid bigint not null default 0,
            state text not null default 'waiting' check (state in ('waiting', 'ok', 'retrying', 'stopped')),
            failures int not null default 0,
            next_attempt_at timestamptz not null,
            last_polled_at timestamptz,
            last_success_at timestamptz,
            last_failure text,
            last_error text,
            mails_taken bigint not null default 0,
            lease_owner uuid,
            lease_until timestamptz
        );
        create index ix_mailboxes_due on inbox.mailboxes (next_attempt_at) where enabled;

        create table inbox.mails (
            id uuid primary key,
            mailbox_id uuid not null,
            uid_validity bigint not null,
            uid bigint not null,
            message_id text,
            request_id uuid not null,
            kind text not null check (kind in ('request', 'reply')),
            from_name text,
            from_address text,
            subject text not null,
            text text not null,
            sent_at timestamptz,
            received_at timestamptz not null,
            raw_size bigint not null
        );
        create unique index ux_mails_uid on inbox.mails (mailbox_id, uid_validity, uid);
        create unique index ux_mails_message_id on inbox.mails (message_id) where message_id is not null;
        create index ix_mails_request on inbox.mails (request_id, received_at);

        create table inbox.mail_attachments (
            id uuid primary key,
            mail_id uuid not null references inbox.mails (id) on delete cascade,
            position int not null,
            file_name text not null,
            content_type text not null,
            size bigint not null,
            inline boolean not null,
            content bytea
        );
        create index ix_mail_attachments_mail on inbox.mail_attachments (mail_id, position);
        """);

    public override void Down() => Execute.Sql("drop table inbox.mail_attachments; drop table inbox.mails; drop table inbox.mailboxes;");
}
