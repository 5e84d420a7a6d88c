using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Ddm.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
