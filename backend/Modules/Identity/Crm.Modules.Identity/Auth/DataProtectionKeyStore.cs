using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Crm.Modules.Identity.Auth;

/// <summary>Keeps ASP.NET Core's data protection keys in PostgreSQL so sessions survive restarts and span instances.</summary>
internal sealed class DataProtectionKeyStore(NpgsqlDataSource dataSource) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var conn = dataSource.OpenConnection();
        return conn.Query<string>("select xml from identity.data_protection_keys order by created_at")
            .Select(XElement.Parse)
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var conn = dataSource.OpenConnection();
        conn.Execute(
            "insert into identity.data_protection_keys (name, xml) values (@friendlyName, @xml) on conflict (name) do nothing",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
