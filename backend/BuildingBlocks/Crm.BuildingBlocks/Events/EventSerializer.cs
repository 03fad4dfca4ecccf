using System.Text.Json;

namespace Crm.BuildingBlocks.Events;

internal static class EventSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
