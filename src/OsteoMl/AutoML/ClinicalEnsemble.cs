using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// A clinical ensemble as one ML.NET estimator of stock transformers: each member's <see cref="ClinicalPipeline"/>
/// in turn (each featurizes the raw columns itself), its probability copied aside, then the weighted average written
/// to <c>Probability</c> by Expression transforms — so the saved zip needs nothing but ML.NET packages.
/// </summary>
public static class ClinicalEnsemble
{
    public const string MemberColumnPrefix = "ClinicalMember";

    public static IEstimator<ITransformer> Create(
        MLContext mlContext,
        IReadOnlyList<ClinicalColumn> columns,
        string labelColumnName,
        IReadOnlyList<EnsembleMember> members,
        int seed
    )
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("an ensemble needs at least one member.", nameof(members));
        }
        if (members.Count == 1)
        {
            return ClinicalPipeline.Create(mlContext, columns, labelColumnName, members[0].Parameters, seed);
        }
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        var temporary = new List<string>();
        for (int m = 0; m < members.Count; m++)
        {
            string member = $"{MemberColumnPrefix}{m}";
            chain = chain
                .Append(ClinicalPipeline.Create(mlContext, columns, labelColumnName, members[m].Parameters, seed))
                .Append(mlContext.Transforms.CopyColumns(member, "Probability"));
            temporary.Add(member);
        }
        // Expression transforms take few inputs, so the weighted sum accumulates one member at a time.
        string sum = $"{MemberColumnPrefix}Sum0";
        chain = chain.Append(mlContext.Transforms.Expression(sum, $"p => {W(members[0].Weight)} * p", temporary[0]));
        temporary.Add(sum);
        for (int m = 1; m < members.Count; m++)
        {
            string next = m == members.Count - 1 ? "Probability" : $"{MemberColumnPrefix}Sum{m}";
            chain = chain.Append(
                mlContext.Transforms.Expression(next, $"(s, p) => s + {W(members[m].Weight)} * p", sum, temporary[m])
            );
            if (next != "Probability")
            {
                temporary.Add(next);
            }
            sum = next;
        }
        return chain.Append(mlContext.Transforms.DropColumns([.. temporary]));
    }

    private static string W(double weight) => ((float)weight).ToString("R", CultureInfo.InvariantCulture);
}
