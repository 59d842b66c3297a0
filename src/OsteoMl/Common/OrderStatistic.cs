using System.Numerics;

namespace OsteoMl.Common;

/// <summary>
/// The k-th smallest of a set of numbers by selection (quickselect, median-of-three pivot): the value a full sort puts
/// at index k, in linear expected time. Used for the simulator's texture threshold and the DICOM percentile window.
/// </summary>
internal static class OrderStatistic
{
    /// <summary>The <paramref name="k"/>-th smallest value (0-based) of <paramref name="values"/>, which it reorders.</summary>
    public static T Select<T>(T[] values, int k)
        where T : INumber<T>
    {
        int low = 0,
            high = values.Length - 1;
        while (low < high)
        {
            T pivot = MedianOfThree(values[low], values[low + (high - low) / 2], values[high]);
            int i = low,
                j = high;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }
                while (values[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                high = j;
            }
            else if (k >= i)
            {
                low = i;
            }
            else
            {
                return values[k];
            }
        }
        return values[k];
    }

    private static T MedianOfThree<T>(T a, T b, T c)
        where T : INumber<T> => T.Max(T.Min(a, b), T.Min(T.Max(a, b), c));
}
