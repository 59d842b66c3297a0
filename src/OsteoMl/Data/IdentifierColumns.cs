namespace OsteoMl.Data;

/// <summary>
/// Recognises column names that look like direct patient identifiers (HIPAA Safe Harbor's obvious ones): names,
/// record numbers, national ids, contact details, addresses, birth dates, accession numbers. Such columns are
/// refused as features unless the user explicitly allows them: a model must not learn from, or carry, them.
/// </summary>
public static class IdentifierColumns
{
    private static readonly string[] Contains =
    [
        "firstname",
        "lastname",
        "surname",
        "fullname",
        "patientname",
        "givenname",
        "familyname",
        "medicalrecord",
        "recordnumber",
        "socialsecurity",
        "nationalid",
        "nhsnumber",
        "insurancenumber",
        "phone",
        "email",
        "address",
        "street",
        "postcode",
        "zipcode",
        "birthdate",
        "dateofbirth",
        "accession",
    ];

    private static readonly string[] WholeTokens = ["name", "mrn", "ssn", "dob", "zip", "city", "fax"];

    public static bool LooksLikeIdentifier(string columnName)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        string lower = columnName.ToLowerInvariant();
        string squashed = new(lower.Where(char.IsLetterOrDigit).ToArray());
        string[] tokens = lower.Split(['_', '-', ' ', '.'], StringSplitOptions.RemoveEmptyEntries);
        return Contains.Any(squashed.Contains) || tokens.Any(t => WholeTokens.Contains(t));
    }
}
