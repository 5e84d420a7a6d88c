namespace System.Runtime.CompilerServices;

// Interpolated string handlers need this attribute, which netstandard2.0 does not have; the compiler looks it up by name.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
internal sealed class InterpolatedStringHandlerAttribute : Attribute
{
}
