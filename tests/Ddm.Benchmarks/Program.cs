using System;
using BenchmarkDotNet.Running;
using Ddm.Benchmarks;

// dotnet run -c Release --project tests/Ddm.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --peak-memory
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --lines 10 100 1000 [--dump DIR] [--spec FILE]
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --phases [N] [--runs R] [--allocation [--minified] [--types]]
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --consumer-build 10 100 1000 [--runs R] [--warmup W] [--keep] [--compiler-server] [-p:Name=Value]
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --compile-profile 10 100 1000
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --read-cpu [READS] [--rounds R]
// dotnet run -c Release --project tests/Ddm.Benchmarks -- --compile-profile --constructs [NAME] | --bind DIR DIR | --emit [--concurrent] DIR DIR | --members N
if (args.Length > 0 && args[0] == "--phases")
{
    return GeneratorScaleBenchmarks.PrintPhases(args);
}

if (args.Length > 0 && args[0] == "--lines")
{
    return GeneratorScaleBenchmarks.PrintLines(args);
}

if (args.Length > 0 && args[0] == ConsumerBuild.Switch)
{
    return ConsumerBuild.Run(args);
}

if (args.Length > 0 && args[0] == ReadCpu.Switch)
{
    return ReadCpu.Run(args);
}

if (args.Length > 0 && args[0] == CompileProfile.Switch)
{
    return CompileProfile.Run(args);
}

if (args.Length > 0 && args[0].StartsWith(PeakMemory.Switch, StringComparison.Ordinal))
{
    return await PeakMemory.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
