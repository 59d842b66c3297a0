using Microsoft.ML.Data;

namespace ConsumerApp;

/// <summary>
/// One row of sample-data/cohort.csv, typed as the model's input contract: <c>ImagePath</c> plus the clinical
/// columns by their CSV names (numbers and 0/1 flags as float, missing = NaN; categories as text).
/// For your own cohort, declare the columns your model was trained on.
/// </summary>
public sealed class SampleCohortRow
{
    [LoadColumn(0), ColumnName("PatientId")]
    public string PatientId { get; set; } = "";

    [LoadColumn(1), ColumnName("ImagePath")]
    public string ImagePath { get; set; } = "";

    [LoadColumn(4), ColumnName("age")]
    public float Age { get; set; }

    [LoadColumn(5), ColumnName("sex")]
    public string Sex { get; set; } = "";

    [LoadColumn(6), ColumnName("height_cm")]
    public float HeightCm { get; set; }

    [LoadColumn(7), ColumnName("weight_kg")]
    public float WeightKg { get; set; }

    [LoadColumn(8), ColumnName("bmi")]
    public float Bmi { get; set; }

    [LoadColumn(9), ColumnName("menopause")]
    public float Menopause { get; set; }

    [LoadColumn(10), ColumnName("prior_fracture")]
    public float PriorFracture { get; set; }

    [LoadColumn(11), ColumnName("parental_hip_fracture")]
    public float ParentalHipFracture { get; set; }

    [LoadColumn(12), ColumnName("smoking")]
    public float Smoking { get; set; }

    [LoadColumn(13), ColumnName("alcohol")]
    public float Alcohol { get; set; }

    [LoadColumn(14), ColumnName("glucocorticoids")]
    public float Glucocorticoids { get; set; }

    [LoadColumn(15), ColumnName("rheumatoid_arthritis")]
    public float RheumatoidArthritis { get; set; }

    [LoadColumn(16), ColumnName("diabetes")]
    public float Diabetes { get; set; }

    [LoadColumn(17), ColumnName("serum_calcium")]
    public float SerumCalcium { get; set; }

    [LoadColumn(18), ColumnName("alkaline_phosphatase")]
    public float AlkalinePhosphatase { get; set; }

    [LoadColumn(19), ColumnName("vitamin_d")]
    public float VitaminD { get; set; }

    [LoadColumn(20), ColumnName("creatinine")]
    public float Creatinine { get; set; }
}
