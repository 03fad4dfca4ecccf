using FluentMigrator;

namespace Crm.Modules.Messaging.Data;

/// <summary>
/// A channel's messages index carries their author, so an unread count (others' messages after where a user
/// stopped reading, up to 100) reads the index alone, not a heap row per message: the chat list counts every
/// channel of the user on each load.
/// </summary>
[Migration(5, "Messages by channel: the index carries the author (unread counts from the index alone)")]
internal sealed class M0005_CoverUnreadCounts : Migration
{
    public override void Up() => Execute.Sql("""
        drop index messaging.ix_messages_channel;
        create index ix_messages_channel on messaging.messages (channel_id, created_at desc, id desc) include (author_id);
        """);

    public override void Down() => Execute.Sql("""
        drop index messaging.ix_messages_channel;
        create index ix_messages_channel on messaging.messages (channel_id, created_at desc, id desc);
        """);
}
