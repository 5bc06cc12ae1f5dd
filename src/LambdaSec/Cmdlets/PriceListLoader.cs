using System.Management.Automation;
using LambdaSec.Analysis.Cost;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>Loads the prices the cost cmdlets use: the embedded ones, or -PriceFile.</summary>
internal static class PriceListLoader
{
    /// <summary>Returns the price list, or stops the cmdlet with a terminating error naming the file and the problem.</summary>
    public static LambdaPriceList Load(PSCmdlet cmdlet, string? priceFile) =>
        DataFileLoader.Load<LambdaPriceList, PriceListException>(
            cmdlet, priceFile, () => LambdaPriceList.Default, LambdaPriceList.Parse, "price list", "PriceFile", "prices.json", ErrorIds.PriceFileNotFound, ErrorIds.PriceFileInvalid);
}
