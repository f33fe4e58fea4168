using System.Data;
using System.Globalization;
using Dapper;

namespace SkinCancer.Studio.Core.Storage;

/// <summary>
/// How Dapper maps the studio's columns: snake_case columns to PascalCase properties by name, and times stored as
/// round-trip ("O") text read back as DateTimeOffset. Dapper's settings are process-wide; applied once.
/// </summary>
internal static class DapperConventions
{
    private static int _applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateTimeOffsetText());
    }

    private sealed class DateTimeOffsetText : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override DateTimeOffset Parse(object value) => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture);

        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = value.ToString("O", CultureInfo.InvariantCulture);
        }
    }
}
