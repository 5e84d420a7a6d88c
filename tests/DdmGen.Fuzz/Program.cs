namespace DdmGen.Fuzz;

internal static class Program
{
    private static int Main(string[] args) => Campaign.Run(args);
}
