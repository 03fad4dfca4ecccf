namespace Crm.BuildingBlocks.Data;

/// <summary>The configured connection string as given (the data source's own copy hides the password).</summary>
public sealed record DatabaseSettings(string ConnectionString);
