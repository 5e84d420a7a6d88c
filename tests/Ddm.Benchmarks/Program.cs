using System;
using BenchmarkDotNet.Running;
using Ddm.Benchmarks;

// dotnet run -c Release --project tests/Ddm.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --peak-memory
if (args.Length > 0 && args[0].StartsWith(PeakMemory.Switch, StringComparison.Ordinal))
{
    return await PeakMemory.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
