namespace Crm.Bench;

/// <summary>Summary of a sample in milliseconds; percentiles by nearest rank (no interpolation).</summary>
public sealed record Stats(int Count, double Min, double Mean, double P50, double P95, double P99, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }
        return new Stats(
            sorted.Length,
            Round(sorted[0]),
            Round(sorted.Average()),
            Round(Rank(sorted, 50)),
            Round(Rank(sorted, 95)),
            Round(Rank(sorted, 99)),
            Round(sorted[^1]));
    }

    private static double Rank(double[] sorted, double percentile)
    {
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    private static double Round(double ms) => Math.Round(ms, 3);
}
